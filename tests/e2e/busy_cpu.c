/* busy_cpu.c - burns exactly N seconds of its own CPU time on one core, for the
 * end-to-end tests: `busy_cpu 3` spins until CLOCK_PROCESS_CPUTIME_ID reaches 3 s. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	char *end;
	double target = argc == 2 ? strtod(argv[1], &end) : -1;
	volatile unsigned long spin = 0;

	if (argc != 2 || *end || target <= 0) {
		fprintf(stderr, "usage: busy_cpu SECONDS\n");
		return 2;
	}
	while (cpu_seconds() < target)
		for (int i = 0; i < 100000; i++)
			spin++;
	return 0;
}
