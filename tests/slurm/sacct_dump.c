/* sacct_dump.c - print what the sacct reader makes of a file, one line per job, for the
 * cluster test to check the reader against the real sacct's output. */
#include <stdio.h>

#include "et_sacct.h"

static int print_job(const struct et_sacct_job *j, void *ctx, struct et_error *err)
{
	(void)ctx;
	(void)err;
	printf("job=%s raw=%s cluster=%s user=%s account=%s partition=%s state=%s finished=%d "
	       "nodes=%d cpus=%d elapsed_s=%g total_cpu_s=%g cpu_time_s=%g req_mem_mib=%g "
	       "max_rss_mib=%g alloc_cpus=%g alloc_mem_mib=%g gpus=%g gpu_type=%s start=%lld "
	       "end=%lld energy_j=%g steps=%d line=%ld\n",
	       j->job_id, j->job_id_raw, j->cluster, j->user, j->account, j->partition, j->state,
	       j->finished, j->n_nodes, j->n_cpus, j->elapsed_s, j->total_cpu_s, j->cpu_time_s,
	       j->req_mem_mib, j->max_rss_mib, j->alloc_cpus, j->alloc_mem_mib, j->alloc_gpus,
	       j->gpu_type, (long long)j->start_local_s, (long long)j->end_local_s,
	       j->consumed_energy_j, j->n_steps, j->line);
	return 0;
}

int main(int argc, char **argv)
{
	struct et_error err = ET_ERROR_INIT;
	FILE *in;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: sacct_dump FILE\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	rc = et_sacct_read(in, argv[1], print_job, NULL, &err);
	fclose(in);
	if (rc != 0) {
		et_error_print(&err);
		return 1;
	}
	return 0;
}
