/* sacct.c - the `sacct --parsable2` reader: a fixed line buffer, columns found by header
 * name, a job's step rows folded into the job's record before it is handed on. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "civil_time.h"
#include "et_sacct.h"

#define MAX_FIELDS 256   /* --format ALL has about 110 columns */

/* The columns the reader uses, in the order of this enum. */
enum col {
	C_CLUSTER, C_JOBID, C_JOBIDRAW, C_USER, C_ACCOUNT, C_PARTITION, C_NODELIST, C_STATE,
	C_NNODES, C_NCPUS, C_ELAPSED, C_TOTALCPU, C_CPUTIME, C_REQMEM, C_MAXRSS, C_ALLOCTRES,
	C_START, C_END, C_ENERGY, N_COLS
};

static const char *const col_names[N_COLS] = {
	"Cluster", "JobID", "JobIDRaw", "User", "Account", "Partition", "NodeList", "State",
	"NNodes", "NCPUS", "Elapsed", "TotalCPU", "CPUTime", "ReqMem", "MaxRSS", "AllocTRES",
	"Start", "End", "ConsumedEnergyRaw",
};

struct reader {
	const char *source;
	long line;
	int col_at[N_COLS];          /* field index of each column, -1 if absent */
	int n_header;                /* fields in the header */
	char *fields[MAX_FIELDS];
	struct et_sacct_job job;     /* the job being folded */
	int have_job;
	int job_energy_given;        /* the job row has ConsumedEnergyRaw (else its steps') */
	char job_req_mem[64];        /* the job row's ReqMem, resolved when the job is emitted */
};

/* "", "Unknown", "None" and "INVALID": sacct's ways of saying it has no value. */
static int is_unknown(const char *s)
{
	return s[0] == '\0' || strcmp(s, "Unknown") == 0 || strcmp(s, "None") == 0
	       || strcmp(s, "INVALID") == 0;
}

/* Digits only (at least one), value <= max. */
static int parse_uint(const char *s, size_t len, long max, long *out)
{
	long v = 0;

	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

int et_sacct_parse_duration(const char *text, double *seconds)
{
	const char *dash = strchr(text, '-');
	const char *clock = dash ? dash + 1 : text;
	const char *dot = strchr(clock, '.');
	size_t clock_len = dot ? (size_t)(dot - clock) : strlen(clock);
	long days = 0, parts[3], frac = 0;
	int n = 0;
	double frac_s = 0;

	*seconds = NAN;
	if (is_unknown(text))
		return 1;
	if (dash && parse_uint(text, (size_t)(dash - text), 100000, &days) != 0)
		return -1;
	for (size_t i = 0, start = 0; i <= clock_len; i++) {
		if (i == clock_len || clock[i] == ':') {
			if (n == 3 || parse_uint(clock + start, i - start, 1000000, &parts[n]) != 0)
				return -1;
			n++;
			start = i + 1;
		}
	}
	if (dot) {
		size_t flen = strlen(dot + 1);
		if (flen == 0 || flen > 6 || parse_uint(dot + 1, flen, 999999, &frac) != 0)
			return -1;
		frac_s = (double)frac / pow(10, (double)flen);
	}
	double s;
	if (n == 3)             /* HH:MM:SS */
		s = parts[0] * 3600.0 + parts[1] * 60.0 + parts[2];
	else if (n == 2)        /* MM:SS, or DD-HH:MM when a day is given */
		s = dash ? parts[0] * 3600.0 + parts[1] * 60.0 : parts[0] * 60.0 + parts[1];
	else if (dash && !dot)  /* DD-HH */
		s = parts[0] * 3600.0;
	else
		return -1;
	if (n >= 2 && (parts[n - 1] > 59 || (n == 3 && parts[1] > 59)))
		return -1;
	*seconds = days * 86400.0 + s + frac_s;
	return 0;
}

/* MiB per unit of a sacct size suffix (sacct's units are binary: K = 1024 bytes). */
static double mib_per_unit(char unit)
{
	switch (unit) {
	case 'K': return 1.0 / 1024;
	case 'M': return 1;
	case 'G': return 1024;
	case 'T': return 1024.0 * 1024;
	case 'P': return 1024.0 * 1024 * 1024;
	default: return NAN;
	}
}

int et_sacct_parse_size(const char *text, char default_unit, double *mib)
{
	char *end;
	double v, per;

	*mib = NAN;
	if (is_unknown(text))
		return 1;
	/* Digits and one '.', then the suffix: no sign, exponent, hex or spaces. */
	size_t digits = strspn(text, "0123456789.");
	const char *dot = strchr(text, '.');
	if (!isdigit((unsigned char)text[0]) || (dot && strchr(dot + 1, '.'))
	    || (text[digits] && text[digits + 1]))
		return -1;
	errno = 0;
	v = strtod(text, &end);
	if (errno != 0 || !isfinite(v))
		return -1;
	per = mib_per_unit(*end ? *end : default_unit);
	if (isnan(per) || (*end && end[1] != '\0') || !isfinite(v * per))
		return -1;   /* a finite number times its unit may not be: 1e305P */
	*mib = v * per;
	return 0;
}

/* A plain number (a count, joules): a size's digits without a unit suffix. Returns as
 * et_sacct_parse_size. */
static int parse_plain(const char *text, double *v)
{
	if (strpbrk(text, "KMGTP")) {
		*v = NAN;
		return -1;
	}
	return et_sacct_parse_size(text, 'M', v);   /* 'M': MiB per unit 1, the number itself */
}

int et_sacct_parse_time(const char *text, int64_t *local_s)
{
	*local_s = -1;
	if (is_unknown(text))
		return 1;
	/* Exactly "YYYY-MM-DDTHH:MM:SS": the civil parser reads a bare stamp as on a clock
	 * of offset 0, which is the local clock's own count. */
	if (strlen(text) != 19 || text[10] != 'T' || ci_parse_timestamp(text, local_s) != 0) {
		*local_s = -1;
		return -1;
	}
	return 0;
}

/* One "name=value" item of a TRES list. */
static int tres_item(const char *item, size_t len, struct et_sacct_job *job)
{
	const char *eq = memchr(item, '=', len);
	char name[96], value[64];
	size_t nlen, vlen;
	double v;

	if (!eq)
		return -1;
	nlen = (size_t)(eq - item);
	vlen = len - nlen - 1;
	if (nlen == 0 || nlen >= sizeof(name) || vlen == 0 || vlen >= sizeof(value))
		return -1;
	memcpy(name, item, nlen);
	name[nlen] = '\0';
	memcpy(value, eq + 1, vlen);
	value[vlen] = '\0';
	if (strcmp(name, "mem") == 0)
		return et_sacct_parse_size(value, 'M', &job->alloc_mem_mib) == 0 ? 0 : -1;
	/* cpu and GPUs are counts; any other TRES (billing, node, energy, fs/disk, license/...)
	 * a count or a size, not used. */
	if ((strcmp(name, "cpu") == 0 || strncmp(name, "gres/gpu", 8) == 0 ? parse_plain(value, &v)
	     : et_sacct_parse_size(value, 'M', &v)) != 0)
		return -1;
	if (strcmp(name, "cpu") == 0) {
		job->alloc_cpus = v;
	} else if (strcmp(name, "gres/gpu") == 0) {
		job->alloc_gpus = v;
	} else if (strncmp(name, "gres/gpu:", 9) == 0) {
		/* The typed form comes with (or instead of) the untyped total. */
		snprintf(job->gpu_type, sizeof(job->gpu_type), "%.63s", name + 9);
		if (isnan(job->alloc_gpus) || job->alloc_gpus < v)
			job->alloc_gpus = v;
	}
	return 0;
}

int et_sacct_parse_tres(const char *text, struct et_sacct_job *job, char *what, size_t what_size)
{
	const char *p = text;

	job->alloc_cpus = NAN;
	job->alloc_mem_mib = NAN;
	job->alloc_gpus = 0;
	job->gpu_type[0] = '\0';
	if (text[0] == '\0')
		return 1;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (tres_item(p, len, job) != 0) {
			snprintf(what, what_size, "\"%.*s\"", (int)(len > 80 ? 80 : len), p);
			return -1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Split line (no newline) on '|' into r->fields; returns the count or -1 if too many. */
static int split(struct reader *r, char *line)
{
	int n = 0;

	for (char *p = line;;) {
		char *bar = strchr(p, '|');
		if (n == MAX_FIELDS)
			return -1;
		r->fields[n++] = p;
		if (!bar)
			break;
		*bar = '\0';
		p = bar + 1;
	}
	return n;
}

static int read_header(struct reader *r, char *line, struct et_error *err)
{
	int n = split(r, line);

	if (n < 0)
		return et_error_set(err, r->source, r->line, "more than %d columns", MAX_FIELDS);
	/* --parsable ends every line with '|': an empty last name is that, not a column. */
	if (n > 1 && r->fields[n - 1][0] == '\0')
		n--;
	r->n_header = n;
	for (int c = 0; c < N_COLS; c++) {
		r->col_at[c] = -1;
		for (int i = 0; i < n; i++)
			if (strcmp(r->fields[i], col_names[c]) == 0) {
				r->col_at[c] = i;
				break;
			}
	}
	if (r->col_at[C_CLUSTER] < 0 || r->col_at[C_JOBID] < 0)
		return et_error_set(err, r->source, r->line,
				    "not sacct --parsable2 output with a header: the columns %s%s%s are "
				    "missing (run sacct --parsable2 without --noheader, with at least "
				    "--format Cluster,JobID)",
				    r->col_at[C_CLUSTER] < 0 ? "Cluster" : "",
				    r->col_at[C_CLUSTER] < 0 && r->col_at[C_JOBID] < 0 ? " and " : "",
				    r->col_at[C_JOBID] < 0 ? "JobID" : "");
	return 0;
}

static const char *field(const struct reader *r, enum col c)
{
	return r->col_at[c] >= 0 ? r->fields[r->col_at[c]] : "";
}

static void copy_field(char *dst, size_t size, const struct reader *r, enum col c)
{
	snprintf(dst, size, "%s", field(r, c));
}

static int bad(struct reader *r, struct et_error *err, enum col c, const char *kind)
{
	return et_error_set(err, r->source, r->line, "%s \"%.80s\" is not %s", col_names[c],
			    field(r, c), kind);
}

/* States after which sacct's row no longer changes. */
static int state_is_final(const char *state)
{
	static const char *const final[] = {
		"BOOT_FAIL", "CANCELLED", "COMPLETED", "DEADLINE", "FAILED", "NODE_FAIL",
		"OUT_OF_MEMORY", "PREEMPTED", "TIMEOUT",
	};
	for (size_t i = 0; i < sizeof(final) / sizeof(final[0]); i++)
		if (strcmp(state, final[i]) == 0)
			return 1;
	return 0;
}

static int count_field(struct reader *r, enum col c, int *out, struct et_error *err)
{
	long v;
	const char *s = field(r, c);

	*out = -1;
	if (is_unknown(s))
		return 0;
	if (parse_uint(s, strlen(s), 100000000, &v) != 0)
		return bad(r, err, c, "a count");
	*out = (int)v;
	return 0;
}

static int duration_field(struct reader *r, enum col c, double *out, struct et_error *err)
{
	if (et_sacct_parse_duration(field(r, c), out) < 0)
		return bad(r, err, c, "a duration ([DD-[HH:]]MM:SS[.mmm])");
	return 0;
}

/* ConsumedEnergyRaw in J: *j is NAN when unknown. */
static int energy_field(struct reader *r, double *j, struct et_error *err)
{
	if (parse_plain(field(r, C_ENERGY), j) < 0)
		return bad(r, err, C_ENERGY, "a number of joules");
	return 0;
}

static int time_field(struct reader *r, enum col c, int64_t *out, struct et_error *err)
{
	if (et_sacct_parse_time(field(r, c), out) < 0)
		return bad(r, err, c, "a time (YYYY-MM-DDTHH:MM:SS, Unknown or None)");
	return 0;
}

/* ReqMem "<size>[n|c]": per node or per CPU in the forms before 21.08, else the job's
 * request as printed; checked now, resolved to the whole job once NNodes/NCPUS are known. */
static int check_req_mem(const char *text, double *mib, char *per)
{
	char num[64];
	size_t len = strlen(text);

	*per = 0;
	if (len >= sizeof(num))
		return -1;
	memcpy(num, text, len + 1);
	if (len > 1 && (num[len - 1] == 'n' || num[len - 1] == 'c')) {
		*per = num[len - 1];
		num[len - 1] = '\0';
	}
	return et_sacct_parse_size(num, 'M', mib);
}

static void resolve_req_mem(struct et_sacct_job *job, const char *text)
{
	double mib;
	char per;

	job->req_mem_mib = NAN;
	job->req_mem_how[0] = '\0';
	if (check_req_mem(text, &mib, &per) != 0)
		return;
	if (per == 'n' && job->n_nodes > 0) {
		job->req_mem_mib = mib * job->n_nodes;
		snprintf(job->req_mem_how, sizeof(job->req_mem_how), "per node x %d nodes", job->n_nodes);
	} else if (per == 'c' && job->n_cpus > 0) {
		job->req_mem_mib = mib * job->n_cpus;
		snprintf(job->req_mem_how, sizeof(job->req_mem_how), "per CPU x %d CPUs", job->n_cpus);
	} else if (per == 0) {
		job->req_mem_mib = mib;
		snprintf(job->req_mem_how, sizeof(job->req_mem_how), "as printed");
	}
}

/* The job row's fields into r->job. */
static int take_job_row(struct reader *r, struct et_error *err)
{
	struct et_sacct_job *j = &r->job;
	char what[128], per;
	double mib;
	const char *id = field(r, C_JOBID);
	const char *us = strchr(id, '_');

	memset(j, 0, sizeof(*j));
	j->line = r->line;
	copy_field(j->cluster, sizeof(j->cluster), r, C_CLUSTER);
	copy_field(j->job_id, sizeof(j->job_id), r, C_JOBID);
	copy_field(j->job_id_raw, sizeof(j->job_id_raw), r, C_JOBIDRAW);
	if (us) {
		snprintf(j->array_job_id, sizeof(j->array_job_id), "%.*s", (int)(us - id), id);
		snprintf(j->array_task_id, sizeof(j->array_task_id), "%s", us + 1);
	}
	if (j->job_id_raw[0] == '\0' && !us && strchr(id, '+') == NULL)
		snprintf(j->job_id_raw, sizeof(j->job_id_raw), "%s", id);
	copy_field(j->user, sizeof(j->user), r, C_USER);
	copy_field(j->account, sizeof(j->account), r, C_ACCOUNT);
	copy_field(j->partition, sizeof(j->partition), r, C_PARTITION);
	copy_field(j->node_list, sizeof(j->node_list), r, C_NODELIST);
	/* "CANCELLED by 1000" -> "CANCELLED". */
	snprintf(j->state, sizeof(j->state), "%.*s", (int)strcspn(field(r, C_STATE), " "),
		 field(r, C_STATE));
	j->finished = state_is_final(j->state);
	j->max_rss_mib = NAN;
	j->consumed_energy_j = NAN;
	if (count_field(r, C_NNODES, &j->n_nodes, err) != 0
	    || count_field(r, C_NCPUS, &j->n_cpus, err) != 0
	    || duration_field(r, C_ELAPSED, &j->elapsed_s, err) != 0
	    || duration_field(r, C_TOTALCPU, &j->total_cpu_s, err) != 0
	    || duration_field(r, C_CPUTIME, &j->cpu_time_s, err) != 0
	    || time_field(r, C_START, &j->start_local_s, err) != 0
	    || time_field(r, C_END, &j->end_local_s, err) != 0)
		return -1;
	if (check_req_mem(field(r, C_REQMEM), &mib, &per) < 0)
		return bad(r, err, C_REQMEM, "a memory size (<number>[KMGT][n|c])");
	snprintf(r->job_req_mem, sizeof(r->job_req_mem), "%s", field(r, C_REQMEM));
	if (et_sacct_parse_size(field(r, C_MAXRSS), 'K', &j->max_rss_mib) < 0)
		return bad(r, err, C_MAXRSS, "a memory size (<number>[KMGT])");
	if (et_sacct_parse_tres(field(r, C_ALLOCTRES), j, what, sizeof(what)) < 0)
		return et_error_set(err, r->source, r->line,
				    "AllocTRES item %s is not name=<count> or mem=<size>", what);
	if (energy_field(r, &j->consumed_energy_j, err) != 0)
		return -1;
	r->job_energy_given = !isnan(j->consumed_energy_j);
	j->n_steps = 0;
	r->have_job = 1;
	return 0;
}

/* A step row ("<job>.<step>") folded into r->job: the largest MaxRSS, and what the job
 * row left unknown. */
static int take_step_row(struct reader *r, size_t base_len, struct et_error *err)
{
	struct et_sacct_job *j = &r->job;
	const char *id = field(r, C_JOBID);
	double rss;

	if (!r->have_job || strlen(j->job_id) != base_len || strncmp(j->job_id, id, base_len) != 0
	    || strcmp(j->cluster, field(r, C_CLUSTER)) != 0)
		return et_error_set(err, r->source, r->line,
				    "step %.64s does not follow its job's row (sacct prints a job's "
				    "row, then its steps)", id);
	if (et_sacct_parse_size(field(r, C_MAXRSS), 'K', &rss) < 0)
		return bad(r, err, C_MAXRSS, "a memory size (<number>[KMGT])");
	if (!isnan(rss) && (isnan(j->max_rss_mib) || rss > j->max_rss_mib))
		j->max_rss_mib = rss;
	if (!r->job_energy_given) {
		double e;
		if (energy_field(r, &e, err) != 0)
			return -1;
		/* Steps overlap in time (the batch step holds the srun steps): the largest,
		 * not their sum; 0 is what steps print without an energy plugin (NAN > 0 is
		 * false: an unknown one is skipped too). */
		if (e > 0 && (isnan(j->consumed_energy_j) || e > j->consumed_energy_j))
			j->consumed_energy_j = e;
	}
	j->n_steps++;
	return 0;
}

static int emit(struct reader *r, et_sacct_job_fn on_job, void *ctx, struct et_error *err)
{
	if (!r->have_job)
		return 0;
	r->have_job = 0;
	resolve_req_mem(&r->job, r->job_req_mem);
	return on_job(&r->job, ctx, err);
}

static int take_row(struct reader *r, char *line, et_sacct_job_fn on_job, void *ctx,
		    struct et_error *err)
{
	int n = split(r, line);
	const char *id;
	const char *dot;
	int rc;

	if (n > r->n_header && n == r->n_header + 1 && r->fields[n - 1][0] == '\0')
		n--;   /* --parsable's trailing '|' */
	if (n != r->n_header)
		return et_error_set(err, r->source, r->line,
				    "%d fields where the header has %d (a '|' inside a field? sacct "
				    "--parsable2 cannot quote)", n < 0 ? MAX_FIELDS : n, r->n_header);
	id = field(r, C_JOBID);
	if (id[0] == '\0')
		return et_error_set(err, r->source, r->line, "JobID is empty");
	if (field(r, C_CLUSTER)[0] == '\0')
		return et_error_set(err, r->source, r->line, "Cluster is empty for job %.64s", id);
	dot = strchr(id, '.');
	if (dot)
		return take_step_row(r, (size_t)(dot - id), err);
	if ((rc = emit(r, on_job, ctx, err)) != 0)
		return rc;
	return take_job_row(r, err);
}

/* The next line of in into line (newline and a final '\r' dropped, NUL-terminated).
 * Returns 1, 0 at the end of the input, -1 for an over-long line, -2 for a NUL byte. */
static int read_line(FILE *in, char *line, size_t *len)
{
	int c;
	size_t n = 0;

	while ((c = getc(in)) != EOF && c != '\n') {
		if (n == ET_SACCT_MAX_LINE)
			return -1;
		if (c == '\0')
			return -2;
		line[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return 0;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	*len = n;
	return 1;
}

int et_sacct_read(FILE *in, const char *source, et_sacct_job_fn on_job, void *ctx,
		  struct et_error *err)
{
	struct reader *r = calloc(1, sizeof(*r));
	char *line = malloc(ET_SACCT_MAX_LINE + 1);
	int rc = -1, header_seen = 0;
	size_t len;

	if (!r || !line) {
		et_error_set(err, source, 0, "out of memory");
		goto out;
	}
	r->source = source;
	for (;;) {
		int got = read_line(in, line, &len);

		if (got == 0)
			break;
		r->line++;
		if (got < 0) {
			if (got == -1)
				et_error_set(err, source, r->line, "line longer than %d bytes",
					     ET_SACCT_MAX_LINE);
			else
				et_error_set(err, source, r->line, "a NUL byte in the line");
			goto out;
		}
		if (!header_seen) {
			if (read_header(r, line, err) != 0)
				goto out;
			header_seen = 1;
			continue;
		}
		if (len == 0)
			continue;
		if ((rc = take_row(r, line, on_job, ctx, err)) != 0)
			goto out;
		rc = -1;
	}
	if (ferror(in)) {
		et_error_set(err, source, r->line, "read error");
		goto out;
	}
	if (!header_seen) {
		et_error_set(err, source, 0, "empty input: no sacct header line");
		goto out;
	}
	rc = emit(r, on_job, ctx, err);
out:
	free(line);
	free(r);
	return rc;
}
