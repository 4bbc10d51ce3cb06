/* floor.c - the benchmark's floor: a minimal loop reading exactly the /proc files etrec
 * reads per sample (owners of /proc/<pid>, the uid's stat files, /proc/stat, meminfo). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long read_file(int dirfd, const char *path, char *buf, size_t cap)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, cap);
	close(fd);
	return n;
}

static double cpu_seconds(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: floor SAMPLES INTERVAL_S\n");
		return 2;
	}
	int samples = atoi(argv[1]);
	double interval = atof(argv[2]);
	uid_t uid = getuid();
	char buf[4096];
	long sink = 0;
	DIR *proc = opendir("/proc");
	if (!proc)
		return 1;
	double start = cpu_seconds();
	for (int i = 0; i < samples; i++) {
		struct dirent *de;
		rewinddir(proc);
		while ((de = readdir(proc)) != NULL) {
			if (de->d_name[0] < '1' || de->d_name[0] > '9')
				continue;
			struct stat st;
			if (fstatat(dirfd(proc), de->d_name, &st, 0) < 0 || st.st_uid != uid)
				continue;
			char path[64];
			snprintf(path, sizeof path, "%.20s/stat", de->d_name);
			sink += read_file(dirfd(proc), path, buf, 1023);
		}
		sink += read_file(AT_FDCWD, "/proc/stat", buf, sizeof buf);
		sink += read_file(AT_FDCWD, "/proc/meminfo", buf, sizeof buf);
		struct timespec ts = { (time_t)interval, (long)((interval - (long)interval) * 1e9) };
		nanosleep(&ts, NULL);
	}
	double used = cpu_seconds() - start;
	closedir(proc);
	printf("%.9f %d %ld\n", used / samples, samples, sink > 0 ? 1L : 0L);
	return 0;
}
