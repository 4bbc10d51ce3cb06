/* header.c - gather the header's facts (host, kernel, CPU, memory, user, command,
 * scheduler variables, GPUs) and write them as one line of JSON, escaped by hand. */
#include "header.h"

#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "et_logfmt.h"
#include "proc_parse.h"

#define HEADER_MAX_ARG 4096            /* bytes kept of one command argument */
#define HEADER_MAX_COMMAND (512 * 1024) /* bytes kept of the whole command */

static void key(struct textbuf *tb, const char *name)
{
	if (tb->len > 1)
		tb_addc(tb, ',');
	tb_add_json_string(tb, name, 0);
	tb_addc(tb, ':');
}

static void key_str(struct textbuf *tb, const char *name, const char *value)
{
	key(tb, name);
	if (value)
		tb_add_json_string(tb, value, 0);
	else
		tb_adds(tb, "null");
}

static void key_int(struct textbuf *tb, const char *name, long long value, int valid)
{
	key(tb, name);
	if (valid)
		tb_add_i64(tb, value);
	else
		tb_adds(tb, "null");
}

int header_find_cgroup(const char *root, unsigned uid, char *out, unsigned long cap)
{
	char buf[4096];
	unsigned long long usec;
	int len = snprintf(out, cap, "%s/user.slice/user-%u.slice/cpu.stat", root, uid);
	if (len < 0 || (unsigned long)len >= cap)
		return -1;
	long n = read_small_file(AT_FDCWD, out, buf, sizeof buf);
	if (n < 0 || parse_cgroup_usage_usec(buf, (size_t)n, &usec) < 0)
		return -1;
	return 0;
}

static void add_command(struct textbuf *tb, char **argv)
{
	size_t budget = HEADER_MAX_COMMAND;
	key(tb, "command");
	tb_addc(tb, '[');
	for (size_t i = 0; argv[i]; i++) {
		if (i)
			tb_addc(tb, ',');
		size_t n = strlen(argv[i]);
		if (n > HEADER_MAX_ARG)
			n = HEADER_MAX_ARG;
		if (n > budget) {
			tb_add_json_string(tb, "[truncated by etrec]", 0);
			break;
		}
		budget -= n;
		tb_add_json_string(tb, argv[i], n);
	}
	tb_addc(tb, ']');
}

static void add_tags(struct textbuf *tb, const struct etrec_options *opt)
{
	key(tb, "tags");
	tb_addc(tb, '{');
	for (size_t i = 0; i < opt->ntags; i++) {
		const char *eq = strchr(opt->tags[i], '=');
		char name[ETREC_TAG_KEY_MAX + 1];
		size_t klen = options_tag_key_len(opt->tags[i]);
		memcpy(name, opt->tags[i], klen);   /* options_parse made these keys distinct */
		name[klen] = '\0';
		if (i)
			tb_addc(tb, ',');
		tb_add_json_string(tb, name, 0);
		tb_addc(tb, ':');
		tb_add_json_string(tb, eq + 1, HEADER_MAX_ARG);
	}
	tb_addc(tb, '}');
}

static void add_scheduler(struct textbuf *tb)
{
	/* What joins a log with the scheduler's accounting (sacct: Cluster, JobID) and
	 * names the job's allocation, its GPUs included (log format 1.1). */
	static const char *const vars[] = {
		"SLURM_CLUSTER_NAME", "SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID",
		"SLURM_STEP_ID", "SLURM_JOB_USER", "SLURM_JOB_ACCOUNT", "SLURM_JOB_PARTITION",
		"SLURM_PROCID", "SLURM_JOB_NODELIST", "SLURM_CPUS_ON_NODE", "SLURM_JOB_CPUS_PER_NODE",
		"SLURM_MEM_PER_NODE", "SLURM_JOB_GPUS", "SLURM_STEP_GPUS",
		"OAR_JOB_ID", "PBS_JOBID", "GPU_DEVICE_ORDINAL", "CUDA_VISIBLE_DEVICES",
	};
	int first = 1;
	key(tb, "scheduler");
	tb_addc(tb, '{');
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (!v)
			continue;
		if (!first)
			tb_addc(tb, ',');
		first = 0;
		tb_add_json_string(tb, vars[i], 0);
		tb_addc(tb, ':');
		tb_add_json_string(tb, v, HEADER_MAX_ARG);
	}
	tb_addc(tb, '}');
}

static void add_gpus(struct textbuf *tb, const struct gpu_sampler *g)
{
	key(tb, "gpus");
	tb_addc(tb, '[');
	for (int i = 0; i < g->ngpus; i++) {
		const struct gpu_info *gi = &g->gpus[i];
		if (i)
			tb_addc(tb, ',');
		tb_adds(tb, "{\"index\":");
		tb_add_i64(tb, gi->index);
		tb_adds(tb, ",\"uuid\":");
		tb_add_json_string(tb, gi->uuid, 0);
		tb_adds(tb, ",\"name\":");
		tb_add_json_string(tb, gi->name, 0);
		tb_adds(tb, ",\"power_limit_w\":");
		if (gi->has_limit)
			tb_addf(tb, "%.2f", gi->power_limit_w);
		else
			tb_adds(tb, "null");
		tb_addc(tb, '}');
	}
	tb_addc(tb, ']');
}

void header_build(struct textbuf *tb, const struct header_input *in)
{
	char host[256] = "";
	struct utsname un;
	int have_un = uname(&un) == 0;
	char kernel[2 * sizeof un.release + 2] = "";
	char cwd[PATH_MAX];
	struct cpuinfo_summary ci;
	struct meminfo mi = { -1, -1 };
	char membuf[8192];
	size_t cpulen = 0;
	char *cpuinfo = read_whole_file("/proc/cpuinfo", 16 << 20, &cpulen);
	long logical = sysconf(_SC_NPROCESSORS_ONLN);
	uid_t uid = getuid();
	struct passwd *pw = getpwuid(uid);
	long memlen = read_small_file(AT_FDCWD, "/proc/meminfo", membuf, sizeof membuf);

	if (gethostname(host, sizeof host) < 0)
		host[0] = '\0';
	host[sizeof host - 1] = '\0';
	if (have_un)
		snprintf(kernel, sizeof kernel, "%s %s", un.sysname, un.release);
	parse_cpuinfo(cpuinfo ? cpuinfo : "", cpulen, &ci);
	free(cpuinfo);
	if (memlen >= 0)
		parse_meminfo(membuf, (size_t)memlen, &mi);
	if (!getcwd(cwd, sizeof cwd))
		cwd[0] = '\0';

	tb_addc(tb, '{');
	key_str(tb, "format", ET_LOG_MAGIC);
	key_str(tb, "version", ET_LOG_VERSION_STR);
	key_str(tb, "etrec_version", ET_VERSION);
	key_str(tb, "host", host[0] ? host : NULL);
	key_str(tb, "kernel", have_un ? kernel : NULL);
	key_str(tb, "arch", have_un ? un.machine : NULL);
	key_str(tb, "cpu_model", ci.model[0] ? ci.model : NULL);
	key_int(tb, "sockets", ci.sockets, 1);
	key_int(tb, "physical_cores", ci.physical_cores ? ci.physical_cores : logical, logical > 0 || ci.physical_cores);
	key_int(tb, "logical_cpus", logical, logical > 0);
	key_int(tb, "user_hz", sysconf(_SC_CLK_TCK), 1);
	key_int(tb, "page_size", sysconf(_SC_PAGESIZE), 1);
	key_int(tb, "mem_total_kib", mi.total_kib, mi.total_kib >= 0);
	key_int(tb, "uid", uid, 1);
	key_str(tb, "user", pw ? pw->pw_name : NULL);
	add_command(tb, in->opt->command);
	key_str(tb, "cwd", cwd[0] ? cwd : NULL);
	add_tags(tb, in->opt);
	key_int(tb, "interval_ms", in->opt->interval_ms, 1);
	key_int(tb, "idle_ms", in->idle_ms, 1);
	key_int(tb, "start_utc_ms", in->start.utc_ms, 1);
	key_int(tb, "start_mono_ms", in->start.mono_ms, 1);
	key_int(tb, "pid", getpid(), 1);
	add_scheduler(tb);
	key_str(tb, "cgroup_cpu_stat", in->cgroup_cpu_stat);
	add_gpus(tb, in->gpu);
	key_str(tb, "gpu_source", in->gpu_source);
	/* log format 1.2 */
	key(tb, "job_scope");
	tb_adds(tb, "{\"source\":");
	tb_add_json_string(tb, in->job_cgroup ? ET_SCOPE_CGROUP : ET_SCOPE_PROC, 0);
	tb_adds(tb, in->job_cgroup ? ",\"cgroup\":" : ",\"why\":");
	tb_add_json_string(tb, in->job_cgroup ? in->job_cgroup : in->job_scope_why, 0);
	tb_addc(tb, '}');
	key(tb, "rapl");
	rapl_header_json(in->rapl, tb);
	key_str(tb, "gpu_process_source", in->gpu_process_source);
	tb_adds(tb, "}\n");
}
