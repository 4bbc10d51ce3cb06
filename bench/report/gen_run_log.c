/* gen_run_log.c - writes a synthetic etrec log of a run with N GPUs (an idle baseline,
 * a load that varies, the job on each GPU part of the time), for the report tests and
 * the --pdf benchmark. Options shape the run: length, interval, a gap, a truncation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "et_logfmt.h"

struct shape {
	int gpus;
	long long seconds, interval_ms;
	long long gap_from_s, gap_len_s;   /* no record in [from, from + len) */
	int truncated;                     /* no end record */
	int no_idle;                       /* no idle-phase G records */
	long long start_utc_ms;            /* the launch (UTC ms) */
};

static int parse(int argc, char **argv, struct shape *s, const char **out)
{
	memset(s, 0, sizeof(*s));
	s->seconds = 600;
	s->interval_ms = 1000;
	s->gap_from_s = -1;
	s->start_utc_ms = 1772442000000LL;   /* 2026-03-02 09:00:00 UTC: a Monday, 10:00 in Paris */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--gpus") == 0 && v)
			s->gpus = atoi(v), i++;
		else if (strcmp(a, "--seconds") == 0 && v)
			s->seconds = strtoll(v, NULL, 10), i++;
		else if (strcmp(a, "--interval-ms") == 0 && v)
			s->interval_ms = strtoll(v, NULL, 10), i++;
		else if (strcmp(a, "--gap") == 0 && v && sscanf(v, "%lld:%lld", &s->gap_from_s, &s->gap_len_s) == 2)
			i++;
		else if (strcmp(a, "--truncated") == 0)
			s->truncated = 1;
		else if (strcmp(a, "--start-utc-ms") == 0 && v)
			s->start_utc_ms = strtoll(v, NULL, 10), i++;
		else if (strcmp(a, "--no-idle") == 0)
			s->no_idle = 1;
		else if (a[0] != '-' && !*out)
			*out = a;
		else
			return -1;
	}
	return *out && s->gpus >= 0 && s->gpus <= 16 && s->seconds >= 0 && s->interval_ms > 0 &&
	       s->start_utc_ms > 5000 ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct shape s;
	const char *out = NULL;
	FILE *f;
	long long mono = 5000, utc = 0, job = 0, user = 0, busy = 0, total = 0;

	if (parse(argc, argv, &s, &out) < 0) {
		fprintf(stderr, "usage: gen_run_log OUT.log [--gpus N] [--seconds S] [--interval-ms MS] "
			"[--gap FROM_S:LEN_S] [--truncated] [--no-idle] [--start-utc-ms MS]\n");
		return 2;
	}
	utc = s.start_utc_ms;
	if (!(f = fopen(out, "w"))) {
		perror(out);
		return 1;
	}
	fprintf(f, "%s %d\n", ET_LOG_MAGIC, ET_LOG_MAJOR);
	fprintf(f, "{\"format\":\"etrec-log\",\"version\":\"1.0\",\"etrec_version\":\"gen\",\"host\":\"gpu-node-1\","
		"\"kernel\":\"Linux 6.1.0\",\"arch\":\"x86_64\",\"cpu_model\":\"AMD EPYC 7513 32-Core Processor\","
		"\"sockets\":1,\"physical_cores\":32,\"logical_cpus\":64,\"user_hz\":100,\"page_size\":4096,"
		"\"mem_total_kib\":263174144,\"uid\":1000,\"user\":\"alice\",\"command\":[\"python\",\"train.py\",\"--gpus\",\"%d\"],"
		"\"cwd\":\"/home/alice\",\"tags\":{},\"interval_ms\":%lld,\"idle_ms\":5000,\"start_utc_ms\":%lld,"
		"\"start_mono_ms\":%lld,\"pid\":4242,\"scheduler\":{},\"cgroup_cpu_stat\":null,\"gpus\":[",
		s.gpus, s.interval_ms, utc - 5000, mono - 5000);
	for (int g = 0; g < s.gpus; g++)
		fprintf(f, "%s{\"index\":%d,\"uuid\":\"GPU-%d\",\"name\":\"NVIDIA A100-SXM4-40GB\",\"power_limit_w\":400}",
			g ? "," : "", g, g);
	fprintf(f, "],\"gpu_source\":\"nvidia-smi\"}\n");
	fprintf(f, "C,S,%s\nC,G,%s\nC,E,%s\nC,X,%s\n", ET_COLS_SAMPLE, ET_COLS_GPU, ET_COLS_EVENT, ET_COLS_END);
	for (int i = 0; !s.no_idle && i < 5; i++)
		for (int g = 0; g < s.gpus; g++)
			fprintf(f, "G,%lld,%lld,idle,%d,%d.0,400.00,0,0,0,0,0,0\n", mono - 5000 + i * 1000LL,
				utc - 5000 + i * 1000LL, g, 55 + g);
	fprintf(f, "E,%lld,%lld,launch,4243\n", mono, utc);
	long long n = s.seconds * 1000 / s.interval_ms;
	for (long long i = 0; i <= n; i++) {
		long long t_ms = i * s.interval_ms, ms = mono + t_ms, us = utc + t_ms;
		double phase = (double)(i % 3600) / 3600.0;
		long long dj = s.interval_ms / 10;   /* jiffies per CPU over the interval at 100 Hz */

		job += dj * (2 + i % 5);
		user += dj * (3 + i % 5);
		busy += dj * (6 + i % 9);
		total += dj * 64;
		if (s.gap_from_s >= 0 && t_ms >= s.gap_from_s * 1000 && t_ms < (s.gap_from_s + s.gap_len_s) * 1000)
			continue;
		fprintf(f, "S,%lld,%lld,%lld,%lld,3,%lld,%lld,12,NA,%lld,%lld,263174144,%lld\n", ms, us, job,
			8000000 + (i % 600) * 4000, user, 9000000 + (i % 600) * 4000, busy, total, 200000000 - i % 1000);
		for (int g = 0; g < s.gpus; g++) {
			int on = (i / 60 + g) % 4 != 0;   /* the job leaves a GPU one minute in four */
			fprintf(f, "G,%lld,%lld,run,%d,%.2f,400.00,%d,16000,%d,15000,%d,15000\n", ms, us, g,
				on ? 150.0 + 120.0 * phase + 10 * g : 56.0 + g, on ? 90 : 0, on, on);
		}
	}
	if (!s.truncated)
		fprintf(f, "X,%lld,%lld,exited,0,0,%.2f,%.2f,9000000,%.2f,0.5,2048,0.1,0.1\n",
			mono + n * s.interval_ms, utc + n * s.interval_ms, job / 100.0 * 0.9, job / 100.0 * 0.1,
			n * s.interval_ms / 1000.0 * 0.0005);
	if (fclose(f) != 0) {
		perror(out);
		return 1;
	}
	return 0;
}
