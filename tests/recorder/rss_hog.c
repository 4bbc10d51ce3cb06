/* rss_hog.c - test helper for etrec's memory sampling: maps MIB mebibytes, touches
 * every page so they are resident, then sleeps SECONDS before exiting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: rss_hog MIB SECONDS\n");
		return 2;
	}
	size_t bytes = (size_t)atol(argv[1]) << 20;
	double seconds = atof(argv[2]);
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("rss_hog: mmap");
		return 1;
	}
	memset(p, 0x5a, bytes);               /* every page becomes resident */
	struct timespec ts = { (time_t)seconds, (long)((seconds - (long)seconds) * 1e9) };
	nanosleep(&ts, NULL);
	munmap(p, bytes);
	return 0;
}
