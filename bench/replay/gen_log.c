/* gen_log.c - writes a synthetic etrec log (bench input) of about the size or the run length
 * asked for: N GPUs, one S and N G records every interval, an idle baseline, an end record. */
#include <stdio.h>
#include <stdlib.h>

#include "et_logfmt.h"

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 6) {
		fprintf(stderr, "usage: gen_log OUT.log MEGABYTES [GPUS [INTERVAL_MS [SECONDS]]]\n"
			"  (defaults: 2 GPUs, 100 ms; SECONDS > 0: a run that long, whatever its size)\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "w");
	long long target = strtoll(argv[2], NULL, 10) * 1000000LL, written = 0;
	int n_gpus = argc > 3 ? atoi(argv[3]) : 2;
	long long step = argc > 4 ? strtoll(argv[4], NULL, 10) : 100;
	long long seconds = argc > 5 ? strtoll(argv[5], NULL, 10) : 0;
	long long mono = 1000, utc = 1709287200000LL, end_mono = mono + seconds * 1000;
	long long job = 0, user = 0, busy = 100000, total = 400000;
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	if (n_gpus < 0 || n_gpus > 16 || step <= 0) {
		fprintf(stderr, "gen_log: 0 to 16 GPUs, a positive interval\n");
		return 2;
	}
	written += fprintf(f, "%s %d\n", ET_LOG_MAGIC, ET_LOG_MAJOR);
	written += fprintf(f, "{\"format\":\"etrec-log\",\"version\":\"1.0\",\"etrec_version\":\"bench\","
			   "\"host\":\"bench\",\"kernel\":\"Linux 6.1.0\",\"arch\":\"x86_64\","
			   "\"cpu_model\":\"Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz\",\"sockets\":2,"
			   "\"physical_cores\":32,\"logical_cpus\":64,\"user_hz\":100,\"page_size\":4096,"
			   "\"mem_total_kib\":197632000,\"uid\":1000,\"user\":\"bench\",\"command\":[\"train\"],"
			   "\"cwd\":\"/\",\"tags\":{},\"interval_ms\":%lld,\"idle_ms\":1000,"
			   "\"start_utc_ms\":%lld,\"start_mono_ms\":%lld,\"pid\":1,\"scheduler\":{},"
			   "\"cgroup_cpu_stat\":null,\"gpus\":[", step, utc, mono);
	for (int g = 0; g < n_gpus; g++)
		written += fprintf(f, "%s{\"index\":%d,\"uuid\":\"GPU-%d\",\"name\":\"Tesla V100\","
				   "\"power_limit_w\":300}", g ? "," : "", g, g);
	written += fprintf(f, "],\"gpu_source\":\"nvidia-smi\"}\n");
	written += fprintf(f, "C,S,%s\nC,G,%s\nC,E,%s\nC,X,%s\n", ET_COLS_SAMPLE, ET_COLS_GPU,
			   ET_COLS_EVENT, ET_COLS_END);
	for (int i = 0; i < 10; i++, mono += 100, utc += 100)
		for (int g = 0; g < n_gpus; g++)
			written += fprintf(f, "G,%lld,%lld,idle,%d,%d.5,300.00,0,0,0,0,0,0\n", mono, utc, g, 40 + i);
	written += fprintf(f, "E,%lld,%lld,launch,2\n", mono, utc);
	end_mono += mono - 1000;
	long long per_step_cpu = step / 10;   /* jiffies of 10 ms: about one CPU busy */
	for (long long i = 0; seconds > 0 ? mono <= end_mono : written < target; i++, mono += step, utc += step) {
		job += per_step_cpu * 2 / 10 + i % 7;
		user += per_step_cpu * 25 / 100 + i % 5;
		busy += per_step_cpu * 3 + i % 11;
		total += per_step_cpu * 64;
		written += fprintf(f, "S,%lld,%lld,%lld,%lld,3,%lld,%lld,12,NA,%lld,%lld,197632000,%lld\n",
				   mono, utc, job, 2000000 + i % 4096, user, 3000000 + i % 8192, busy, total,
				   150000000 - i % 10000);
		for (int g = 0; g < n_gpus; g++)
			written += fprintf(f, "G,%lld,%lld,run,%d,%lld.%02lld,300.00,%lld,16000,%d,15000,%d,15000\n",
					   mono, utc, g, 150 + i % 100, i % 100, i % 100, g % 2 == 0, g % 2 == 0);
	}
	mono -= step;
	utc -= step;
	fprintf(f, "X,%lld,%lld,exited,0,0,1000.5,20.25,2000000,1.5,0.5,2048,0.1,0.1\n", mono, utc);
	if (fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
