/* log_read.c - the streaming etrec log reader: fixed line buffer, a fast split for plain
 * S, G, R and P lines and libcsv for the rest, jansson for the header, columns by name. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "et_logfmt.h"
#include "log_read.h"

#define READ_CHUNK   (256 * 1024)
#define BUF_CAP      (ET_LOG_MAX_LINE + 1 + READ_CHUNK)
#define MAX_COLS     128          /* columns beyond this are ignored like unknown ones */
#define N_KINDS      6            /* S, G, E, X, R, P, indexed by enum et_log_kind */

enum col_type { COL_I64, COL_NUM, COL_INT, COL_TEXT, COL_PHASE };

struct col_desc {
	const char *name;
	enum col_type type;
	size_t offset;          /* in the record's union member */
	size_t size;            /* COL_TEXT: buffer size */
	int required;           /* the column must exist and never be NA */
};

#define S_(f) offsetof(struct et_log_sample, f)
static const struct col_desc sample_cols[] = {
	{"t_mono_ms", COL_I64, S_(t_mono_ms), 0, 1},
	{"t_utc_ms", COL_I64, S_(t_utc_ms), 0, 1},
	{"job_cpu_jiffies", COL_NUM, S_(job_cpu_jiffies), 0, 0},
	{"job_rss_kib", COL_NUM, S_(job_rss_kib), 0, 0},
	{"job_nproc", COL_NUM, S_(job_nproc), 0, 0},
	{"user_cpu_jiffies", COL_NUM, S_(user_cpu_jiffies), 0, 0},
	{"user_rss_kib", COL_NUM, S_(user_rss_kib), 0, 0},
	{"user_nproc", COL_NUM, S_(user_nproc), 0, 0},
	{"user_cgroup_usec", COL_NUM, S_(user_cgroup_usec), 0, 0},
	{"sys_busy_jiffies", COL_NUM, S_(sys_busy_jiffies), 0, 0},
	{"sys_total_jiffies", COL_NUM, S_(sys_total_jiffies), 0, 0},
	{"mem_total_kib", COL_NUM, S_(mem_total_kib), 0, 0},
	{"mem_available_kib", COL_NUM, S_(mem_available_kib), 0, 0},
	{"job_cgroup_usec", COL_NUM, S_(job_cgroup_usec), 0, 0},
	{"job_cgroup_mem_kib", COL_NUM, S_(job_cgroup_mem_kib), 0, 0},
	{"job_cgroup_peak_kib", COL_NUM, S_(job_cgroup_peak_kib), 0, 0},
	{NULL, 0, 0, 0, 0}
};
#define G_(f) offsetof(struct et_log_gpu, f)
static const struct col_desc gpu_cols[] = {
	{"t_mono_ms", COL_I64, G_(t_mono_ms), 0, 1},
	{"t_utc_ms", COL_I64, G_(t_utc_ms), 0, 1},
	{"phase", COL_PHASE, G_(phase), 0, 1},
	{"gpu_index", COL_INT, G_(gpu_index), 0, 1},
	{"power_w", COL_NUM, G_(power_w), 0, 0},
	{"power_limit_w", COL_NUM, G_(power_limit_w), 0, 0},
	{"util_pct", COL_NUM, G_(util_pct), 0, 0},
	{"mem_used_mib", COL_NUM, G_(mem_used_mib), 0, 0},
	{"job_procs", COL_NUM, G_(job_procs), 0, 0},
	{"job_mem_mib", COL_NUM, G_(job_mem_mib), 0, 0},
	{"user_procs", COL_NUM, G_(user_procs), 0, 0},
	{"user_mem_mib", COL_NUM, G_(user_mem_mib), 0, 0},
	{NULL, 0, 0, 0, 0}
};
#define E_(f) offsetof(struct et_log_event, f)
static const struct col_desc event_cols[] = {
	{"t_mono_ms", COL_I64, E_(t_mono_ms), 0, 1},
	{"t_utc_ms", COL_I64, E_(t_utc_ms), 0, 1},
	{"event", COL_TEXT, E_(event), sizeof(((struct et_log_event *)0)->event), 1},
	{"detail", COL_TEXT, E_(detail), sizeof(((struct et_log_event *)0)->detail), 0},
	{NULL, 0, 0, 0, 0}
};
#define X_(f) offsetof(struct et_log_end, f)
static const struct col_desc end_cols[] = {
	{"t_mono_ms", COL_I64, X_(t_mono_ms), 0, 1},
	{"t_utc_ms", COL_I64, X_(t_utc_ms), 0, 1},
	{"status", COL_TEXT, X_(status), sizeof(((struct et_log_end *)0)->status), 0},
	{"code", COL_INT, X_(code), 0, 0},
	{"etrec_exit", COL_INT, X_(etrec_exit), 0, 0},
	{"job_utime_s", COL_NUM, X_(job_utime_s), 0, 0},
	{"job_stime_s", COL_NUM, X_(job_stime_s), 0, 0},
	{"job_maxrss_kib", COL_NUM, X_(job_maxrss_kib), 0, 0},
	{"etrec_utime_s", COL_NUM, X_(etrec_utime_s), 0, 0},
	{"etrec_stime_s", COL_NUM, X_(etrec_stime_s), 0, 0},
	{"etrec_maxrss_kib", COL_NUM, X_(etrec_maxrss_kib), 0, 0},
	{"smi_utime_s", COL_NUM, X_(smi_utime_s), 0, 0},
	{"smi_stime_s", COL_NUM, X_(smi_stime_s), 0, 0},
	{NULL, 0, 0, 0, 0}
};

#define R_(f) offsetof(struct et_log_rapl, f)
static const struct col_desc rapl_cols[] = {
	{"t_mono_ms", COL_I64, R_(t_mono_ms), 0, 1},
	{"t_utc_ms", COL_I64, R_(t_utc_ms), 0, 1},
	{"zone", COL_INT, R_(zone), 0, 1},
	{"energy_uj", COL_NUM, R_(energy_uj), 0, 0},
	{NULL, 0, 0, 0, 0}
};
#define P_(f) offsetof(struct et_log_proc, f)
static const struct col_desc proc_cols[] = {
	{"t_mono_ms", COL_I64, P_(t_mono_ms), 0, 1},
	{"t_utc_ms", COL_I64, P_(t_utc_ms), 0, 1},
	{"gpu_index", COL_INT, P_(gpu_index), 0, 1},
	{"job_sm_pct", COL_NUM, P_(job_sm_pct), 0, 0},
	{"job_mem_pct", COL_NUM, P_(job_mem_pct), 0, 0},
	{"user_sm_pct", COL_NUM, P_(user_sm_pct), 0, 0},
	{"user_mem_pct", COL_NUM, P_(user_mem_pct), 0, 0},
	{"all_sm_pct", COL_NUM, P_(all_sm_pct), 0, 0},
	{"all_mem_pct", COL_NUM, P_(all_mem_pct), 0, 0},
	{"all_procs", COL_NUM, P_(all_procs), 0, 0},
	{NULL, 0, 0, 0, 0}
};

static const struct col_desc *const kind_cols[N_KINDS] = {
	sample_cols, gpu_cols, event_cols, end_cols, rapl_cols, proc_cols
};
static const size_t kind_size[N_KINDS] = {
	sizeof(struct et_log_sample), sizeof(struct et_log_gpu),
	sizeof(struct et_log_event), sizeof(struct et_log_end),
	sizeof(struct et_log_rapl), sizeof(struct et_log_proc)
};
static const char kind_chars[N_KINDS] = {
	ET_REC_SAMPLE, ET_REC_GPU, ET_REC_EVENT, ET_REC_END, ET_REC_RAPL, ET_REC_GPU_PROC
};

/* What the C record of one kind told us. */
struct kind_layout {
	int defined;                /* its C record was seen */
	int n_cols;                 /* columns it names */
	signed char col[MAX_COLS];  /* column -> index in the kind's col_desc, or -1 */
	/* Set by check_layout, for the fast path: column -> its col_desc, or NULL; the bits
	 * (by col_desc index) of the kind's required columns. */
	const struct col_desc *desc[MAX_COLS];
	int n_desc;                 /* n_cols, at most MAX_COLS */
	unsigned required;
};

struct et_log_reader {
	FILE *f;
	int own_file;               /* f was opened by et_log_reader_open */
	char name[256];
	char *buf;                  /* BUF_CAP bytes */
	size_t start, end;          /* unread bytes are buf[start, end) */
	size_t scanned;             /* buf[start, scanned) is known to hold no '\n' */
	int eof, truncated;
	long line_no;
	json_t *header;
	struct csv_parser csv;
	int csv_ready;
	int fast_path;              /* split plain S, G, R and P lines without libcsv (default 1) */
	struct kind_layout layout[N_KINDS];
	int seen_data;              /* a record other than C was read */
	struct et_log_record templ[N_KINDS];   /* records with every value unknown */

	/* State of the line being parsed (set by the libcsv callbacks). */
	int field_idx;
	int row_done;
	int extra_row;              /* libcsv saw more than one row on the line */
	int rec_kind;               /* -1 unknown kind, N_KINDS for a C record */
	int c_kind;                 /* for a C record: the kind it defines, -1 unknown */
	int cb_failed;
	char cb_text[256];
	struct et_log_record *rec;
	unsigned seen_required;     /* bitmask over the kind's columns with a value */
};

/* Read the next physical line (without its '\n') into *line and *len. Returns 1, 0 at the end
 * (a final partial line sets truncated), or -1 with err filled. */
static int next_line(struct et_log_reader *r, char **line, size_t *len, struct et_error *err)
{
	for (;;) {
		char *nl = memchr(r->buf + r->scanned, '\n', r->end - r->scanned);
		if (nl) {
			*line = r->buf + r->start;
			*len = (size_t)(nl - *line);
			if (*len > ET_LOG_MAX_LINE)
				return et_error_set(err, r->name, r->line_no + 1,
						    "line longer than %d bytes", ET_LOG_MAX_LINE);
			r->start = r->scanned = (size_t)(nl - r->buf) + 1;
			r->line_no++;
			return 1;
		}
		r->scanned = r->end;
		if (r->end - r->start > ET_LOG_MAX_LINE)
			return et_error_set(err, r->name, r->line_no + 1,
					    "line longer than %d bytes", ET_LOG_MAX_LINE);
		if (r->eof) {
			if (r->end > r->start)
				r->truncated = 1;
			r->start = r->scanned = r->end;
			return 0;
		}
		if (r->start > 0 && BUF_CAP - r->end < READ_CHUNK) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->scanned -= r->start;
			r->start = 0;
		}
		size_t got = fread(r->buf + r->end, 1, BUF_CAP - r->end, r->f);
		if (got == 0) {
			if (ferror(r->f))
				return et_error_set(err, r->name, r->line_no + 1, "read error: %s",
						    strerror(errno));
			r->eof = 1;
		}
		r->end += got;
	}
}

/* 10^k for k <= 16, exact doubles: a plain number's mantissa / 10^decimals. */
static const double exact_pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
				     1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16};

/* The bulk of a log: [-]digits[.digits], at most 15 digits. Returns 1 with *out set
 * (mantissa / 10^decimals: a single correctly rounded division, both being exact doubles
 * below 2^53 and 1e16), 0 for anything else (the caller goes through strtod). */
static inline int simple_number(const char *s, size_t len, double *out)
{
	size_t i = 0, dot = 0, digits = 0;
	int neg = 0;
	int64_t v = 0;

	if (len > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i >= len || len - i > 16)
		return 0;
	for (; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			v = v * 10 + (s[i] - '0');
			digits++;
		} else if (s[i] == '.' && !dot) {
			dot = i + 1;   /* 1 + the position of the '.' */
		} else {
			return 0;
		}
	}
	if (digits == 0 || digits > 15 || (dot && (dot >= len || dot <= 1 + (size_t)neg)))
		return 0;
	double d = dot ? (double)v / exact_pow10[len - dot] : (double)v;
	*out = neg ? -d : d;
	return 1;
}

/* Parse a decimal number; "NA" gives NAN, a number that is not finite (inf, nan, 1e999)
 * gives INFINITY. Returns 0, or -1 if s is not a number. Integers and plain decimals
 * take a fast path (the bulk of a log); anything else goes through strtod. */
static int parse_number(const char *s, size_t len, double *out)
{
	if (len == 2 && s[0] == 'N' && s[1] == 'A') {
		*out = NAN;
		return 0;
	}
	if (len == 0)
		return -1;
	if (simple_number(s, len, out))
		return 0;
	/* s is NUL-terminated (CSV_APPEND_NULL). */
	char *endp;
	errno = 0;
	double d = strtod(s, &endp);
	if (endp != s + len || len != strlen(s))
		return -1;
	if (!isfinite(d) || (errno == ERANGE && fabs(d) > 1)) {
		/* "inf", "nan", "1e999": a reading, but not a finite number. The caller
		 * decides: unknown in a measured column, an error where the log needs it. */
		for (size_t k = 0; k < len; k++)
			if (!strchr("0123456789.-+eEinfatyINFATY", s[k]))
				return -1;
		*out = INFINITY;
		return 0;
	}
	for (size_t k = 0; k < len; k++)   /* refuse hex floats, spaces */
		if (!strchr("0123456789.-+eE", s[k]))
			return -1;
	*out = d;
	return 0;
}

static void cb_fail(struct et_log_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void cb_fail(struct et_log_reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->cb_failed)
		return;
	r->cb_failed = 1;
	va_start(ap, fmt);
	vsnprintf(r->cb_text, sizeof(r->cb_text), fmt, ap);
	va_end(ap);
}

static int kind_of_char(char c)
{
	for (int k = 0; k < N_KINDS; k++)
		if (kind_chars[k] == c)
			return k;
	return -1;
}

/* The first 32 bytes of a value for a message, control characters shown as \xHH (a log
 * must not drive the terminal). */
static void show_value(char *shown, size_t n, const char *s, size_t len)
{
	size_t used = 0;

	for (size_t i = 0; i < len && i < 32 && used + 5 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			used += (size_t)snprintf(shown + used, n - used, "\\x%02x", c);
		else
			shown[used++] = (char)c;
	}
	snprintf(shown + used, n - used, "%s", len > 32 ? "..." : "");
}

/* A field of a C record: the kind it defines, then column names. */
static void column_field(struct et_log_reader *r, int idx, const char *s, size_t len)
{
	if (idx == 1) {
		r->c_kind = len == 1 ? kind_of_char(s[0]) : -1;
		if (r->c_kind >= 0 && r->layout[r->c_kind].defined)
			cb_fail(r, "second column record for kind %s", s);
		return;
	}
	if (r->c_kind < 0)
		return;
	struct kind_layout *lay = &r->layout[r->c_kind];
	int col = idx - 2;
	lay->n_cols = col + 1;
	if (col >= MAX_COLS)
		return;
	lay->col[col] = -1;
	const struct col_desc *d = kind_cols[r->c_kind];
	for (int i = 0; d[i].name; i++) {
		if (strlen(d[i].name) == len && memcmp(d[i].name, s, len) == 0) {
			for (int j = 0; j < col; j++)
				if (lay->col[j] == i)
					cb_fail(r, "column '%s' named twice", d[i].name);
			lay->col[col] = (signed char)i;
			break;
		}
	}
}

/* A value of a data record: store it by the column's name. */
static void value_field(struct et_log_reader *r, int idx, const char *s, size_t len)
{
	const struct kind_layout *lay = &r->layout[r->rec_kind];
	int col = idx - 1;
	if (col >= lay->n_cols) {
		if (col == lay->n_cols)
			cb_fail(r, "more fields than the %d columns named by its column record",
				lay->n_cols);
		return;
	}
	if (col >= MAX_COLS || lay->col[col] < 0)
		return;
	const struct col_desc *d = &kind_cols[r->rec_kind][(int)lay->col[col]];
	char *dst = (char *)&r->rec->u + d->offset;
	int is_na = len == 2 && s[0] == 'N' && s[1] == 'A';
	char shown[160];
	double v;

	if (is_na) {
		if (d->required)
			cb_fail(r, "column %s is NA", d->name);
		return;   /* the template already holds "unknown" */
	}
	switch (d->type) {
	case COL_TEXT: {
		size_t n = len < d->size - 1 ? len : d->size - 1;
		memcpy(dst, s, n);
		dst[n] = '\0';
		break;
	}
	case COL_PHASE: {
		enum et_gpu_phase ph = ET_GPU_PHASE_OTHER;
		if (strcmp(s, ET_PHASE_IDLE) == 0)
			ph = ET_GPU_PHASE_IDLE;
		else if (strcmp(s, ET_PHASE_RUN) == 0)
			ph = ET_GPU_PHASE_RUN;
		memcpy(dst, &ph, sizeof(ph));
		break;
	}
	case COL_I64:
	case COL_INT:
	case COL_NUM:
		if (parse_number(s, len, &v) < 0) {
			show_value(shown, sizeof(shown), s, len);
			cb_fail(r, "column %s: '%s' is not a number", d->name, shown);
			return;
		}
		if (d->type == COL_NUM) {
			memcpy(dst, &v, sizeof(v));
		} else if (d->type == COL_I64) {
			if (fabs(v) > 9.0e15 || v != floor(v)) {
				show_value(shown, sizeof(shown), s, len);
				cb_fail(r, "column %s: '%s' is not a millisecond count", d->name, shown);
				return;
			}
			int64_t i64 = (int64_t)v;
			memcpy(dst, &i64, sizeof(i64));
		} else {
			if (fabs(v) > 2.0e9 || v != floor(v)) {
				show_value(shown, sizeof(shown), s, len);
				cb_fail(r, "column %s: '%s' is not an integer", d->name, shown);
				return;
			}
			int iv = (int)v;
			memcpy(dst, &iv, sizeof(iv));
		}
		break;
	}
	r->seen_required |= 1u << lay->col[col];
}

/* A data record of a known kind begins: from the kind's template. */
static inline void start_record(struct et_log_reader *r, int kind)
{
	r->rec_kind = kind;
	if (!r->layout[kind].defined) {
		cb_fail(r, "record of kind %c before its column record", kind_chars[kind]);
		return;
	}
	/* only the kind's own part: the union's largest member is big */
	memcpy(r->rec, &r->templ[kind], offsetof(struct et_log_record, u) + kind_size[kind]);
	r->seen_required = 0;
}

static void on_field(void *field, size_t len, void *data)
{
	struct et_log_reader *r = data;
	const char *s = field ? field : "";
	int idx = r->field_idx++, kind;

	if (r->cb_failed || r->row_done)
		return;
	if (idx == 0) {
		r->rec_kind = -1;
		if (len == 1 && s[0] == ET_REC_COLUMNS) {
			r->rec_kind = N_KINDS;
			if (r->seen_data)
				cb_fail(r, "column record after the first data record");
		} else if (len == 1 && (kind = kind_of_char(s[0])) >= 0) {
			start_record(r, kind);
		} else if (len == 0) {
			cb_fail(r, "empty record kind");
		}
		return;
	}
	if (r->rec_kind == N_KINDS)
		column_field(r, idx, s, len);
	else if (r->rec_kind >= 0)
		value_field(r, idx, s, len);
}

static void on_row(int c, void *data)
{
	struct et_log_reader *r = data;
	(void)c;
	r->row_done = 1;
}

/* What libcsv still held after a line's first row (csv_fini flushes it): a second row. */
static void on_extra_field(void *field, size_t len, void *data)
{
	(void)field;
	(void)len;
	((struct et_log_reader *)data)->extra_row = 1;
}

static void on_extra_row(int c, void *data)
{
	(void)c;
	((struct et_log_reader *)data)->extra_row = 1;
}

/* After a C record: check that the columns every reader needs are named. */
static int check_layout(struct et_log_reader *r, int kind, struct et_error *err)
{
	struct kind_layout *lay = &r->layout[kind];
	const struct col_desc *d = kind_cols[kind];

	lay->defined = 1;
	lay->required = 0;
	lay->n_desc = lay->n_cols < MAX_COLS ? lay->n_cols : MAX_COLS;
	for (int c = 0; c < lay->n_desc; c++)
		lay->desc[c] = lay->col[c] >= 0 ? &d[(int)lay->col[c]] : NULL;
	for (int i = 0; d[i].name; i++) {
		if (!d[i].required)
			continue;
		lay->required |= 1u << i;
		int found = 0;
		for (int c = 0; c < lay->n_cols && c < MAX_COLS; c++)
			found |= lay->col[c] == i;
		if (!found)
			return et_error_set(err, r->name, r->line_no,
					    "column record of kind %c lacks column %s",
					    kind_chars[kind], d[i].name);
	}
	return 0;
}

static int check_record(struct et_log_reader *r, struct et_error *err)
{
	const struct kind_layout *lay = &r->layout[r->rec_kind];
	const struct col_desc *d = kind_cols[r->rec_kind];
	int n_values = r->field_idx - 1;

	/* the usual case: every field there, every required column (all named, check_layout
	 * saw to it) with a value */
	if (n_values >= lay->n_cols && (r->seen_required & lay->required) == lay->required)
		return 0;
	if (n_values < lay->n_cols)
		return et_error_set(err, r->name, r->line_no,
				    "record of kind %c has %d fields, its column record names %d",
				    kind_chars[r->rec_kind], n_values, lay->n_cols);
	for (int c = 0; c < lay->n_cols && c < MAX_COLS; c++) {
		int i = lay->col[c];
		if (i >= 0 && d[i].required && !(r->seen_required & (1u << i)))
			return et_error_set(err, r->name, r->line_no, "column %s is empty",
					    d[i].name);
	}
	return 0;
}

/* Bytes of a plain line, by what the fast path does with them (numbers are told apart
 * before the table is looked at). */
enum byte_class {
	B_OTHER,      /* part of a value */
	B_END,        /* ',' or the line's '\n' */
	B_SPECIAL     /* a quote, CR, space or tab: libcsv splits or trims there */
};

static const unsigned char byte_class[256] = {
	[','] = B_END, ['\n'] = B_END,
	['"'] = B_SPECIAL, ['\r'] = B_SPECIAL, [' '] = B_SPECIAL, ['\t'] = B_SPECIAL,
};

/* Store a plain number (its digits, how many after the dot) straight into a known
 * numeric column of the record, as value_field would. Returns 1, or 0 to leave the value
 * to value_field (not a plain number for this column, an unknown or extra column). */
static inline int store_plain(struct et_log_reader *r, const struct kind_layout *lay, int col,
			      uint64_t mant, int neg, size_t digits, size_t decimals, int dot)
{
	if (col >= lay->n_desc)
		return 0;
	const struct col_desc *d = lay->desc[col];
	if (!d || digits - 1 > 14 || (dot && decimals == 0))   /* 1 to 15 digits */
		return 0;
	char *dst = (char *)&r->rec->u + d->offset;
	if (d->type == COL_NUM) {
		double v = dot ? (double)mant / exact_pow10[decimals] : (double)mant;
		v = neg ? -v : v;
		memcpy(dst, &v, sizeof(v));
	} else if (d->type == COL_I64 && !dot) {
		int64_t v = neg ? -(int64_t)mant : (int64_t)mant;
		memcpy(dst, &v, sizeof(v));
	} else if (d->type == COL_INT && !dot && mant <= 2000000000u) {
		int v = neg ? -(int)mant : (int)mant;
		memcpy(dst, &v, sizeof(v));
	} else {
		return 0;
	}
	r->seen_required |= 1u << lay->col[col];
	return 1;
}

/* A G record's phase given as "idle" or "run" (what etrec writes), stored as value_field
 * would. Returns 1, or 0 to leave the value to value_field. */
static inline int store_phase(struct et_log_reader *r, const struct kind_layout *lay, int col,
			      const unsigned char *s, size_t len)
{
	enum et_gpu_phase ph;

	if (col >= lay->n_desc || !lay->desc[col] || lay->desc[col]->type != COL_PHASE)
		return 0;
	if (len == sizeof(ET_PHASE_IDLE) - 1 && memcmp(s, ET_PHASE_IDLE, len) == 0)
		ph = ET_GPU_PHASE_IDLE;
	else if (len == sizeof(ET_PHASE_RUN) - 1 && memcmp(s, ET_PHASE_RUN, len) == 0)
		ph = ET_GPU_PHASE_RUN;
	else
		return 0;
	memcpy((char *)&r->rec->u + lay->desc[col]->offset, &ph, sizeof(ph));
	r->seen_required |= 1u << lay->col[col];
	return 1;
}

/* The fast path for an S, G, R or P line (len >= 2, line[len] is its '\n'): split at the
 * commas in one pass, plain numbers parsed straight into the record, any other value given
 * to value_field NUL-terminated in place (as libcsv's CSV_APPEND_NULL) and restored: the
 * same records and errors as libcsv. Returns 0, or -1 when the line holds a byte that needs
 * libcsv (the caller parses it again from the start). */
static int split_plain(struct et_log_reader *r, int kind, char *line, size_t len)
{
	unsigned char *p = (unsigned char *)line + 2, *end = (unsigned char *)line + len;

	start_record(r, kind);
	const struct kind_layout *lay = &r->layout[kind];
	int idx = 1;
	for (;;) {
		unsigned char *field = p, *digits0;
		uint64_t mant = 0;             /* wraps past 19 digits: refused at 16 anyway */
		size_t int_digits, decimals = 0;
		unsigned digit;
		int dot = 0, neg = *p == '-';
		p += neg;
		for (digits0 = p; (digit = (unsigned)*p - '0') <= 9; p++)
			mant = mant * 10 + digit;
		int_digits = (size_t)(p - digits0);
		if (*p == '.') {
			dot = 1;
			for (digits0 = ++p; (digit = (unsigned)*p - '0') <= 9; p++)
				mant = mant * 10 + digit;
			decimals = (size_t)(p - digits0);
		}
		/* plain: [-]digits[.digits] up to the field's end; ".5" goes to value_field
		 * (and is refused) */
		int plain = byte_class[*p] == B_END && (int_digits > 0 || !dot);
		for (; byte_class[*p] != B_END; p++)
			if (byte_class[*p] == B_SPECIAL)
				return -1;
		if (!r->cb_failed &&
		    !(plain ? store_plain(r, lay, idx - 1, mant, neg, int_digits + decimals, decimals, dot)
		      : store_phase(r, lay, idx - 1, field, (size_t)(p - field)))) {
			unsigned char saved = *p;
			*p = '\0';
			value_field(r, idx, (char *)field, (size_t)(p - field));
			*p = saved;
		}
		idx++;
		if (p == end)
			break;
		p++;
	}
	r->field_idx = idx;
	on_row('\n', r);
	return 0;
}

/* Reset the state of the line being parsed. */
static void begin_line(struct et_log_reader *r, struct et_log_record *rec)
{
	r->field_idx = 0;
	r->row_done = 0;
	r->rec_kind = -1;
	r->c_kind = -1;
	r->cb_failed = 0;
	r->rec = rec;
}

void et_log_reader_set_fast_path(struct et_log_reader *r, int on)
{
	r->fast_path = on;
}

int et_log_reader_next(struct et_log_reader *r, struct et_log_record *rec, struct et_error *err)
{
	char *line;
	size_t len;
	int rc;

	for (;;) {
		if ((rc = next_line(r, &line, &len, err)) <= 0)
			return rc;
		if (len == 0)
			return et_error_set(err, r->name, r->line_no, "empty line");
		begin_line(r, rec);
		int fast = r->fast_path && len >= 2 && line[1] == ',' &&
			   (line[0] == ET_REC_SAMPLE || line[0] == ET_REC_GPU ||
			    line[0] == ET_REC_RAPL || line[0] == ET_REC_GPU_PROC) &&
			   split_plain(r, kind_of_char(line[0]), line, len) == 0;
		if (!fast) {
			begin_line(r, rec);
			/* line[len] is the '\n' that ends the row for libcsv. */
			if (csv_parse(&r->csv, line, len + 1, on_field, on_row, r) != len + 1)
				return et_error_set(err, r->name, r->line_no, "malformed CSV: %s",
						    csv_strerror(csv_error(&r->csv)));
			/* Each line starts libcsv afresh: a CR outside quotes ends a row for
			 * libcsv, and what follows it on the line (an open quote...) must not
			 * leak into the next line. */
			r->extra_row = 0;
			csv_fini(&r->csv, on_extra_field, on_extra_row, r);
			if (r->extra_row && r->row_done)
				return et_error_set(err, r->name, r->line_no, "a CR inside the line "
						    "(etrec ends lines with LF only and writes no CR)");
		}
		if (r->cb_failed)
			return et_error_set(err, r->name, r->line_no, "%s", r->cb_text);
		if (!r->row_done)
			return et_error_set(err, r->name, r->line_no, "unterminated quoted field");
		if (r->rec_kind == N_KINDS) {
			if (r->c_kind >= 0 && check_layout(r, r->c_kind, err) < 0)
				return -1;
			continue;
		}
		if (r->rec_kind < 0)
			continue;          /* a kind this reader does not know */
		if (check_record(r, err) < 0)
			return -1;
		r->seen_data = 1;
		rec->kind = (enum et_log_kind)r->rec_kind;
		rec->line = r->line_no;
		return 1;
	}
}

static void init_templates(struct et_log_reader *r)
{
	for (int k = 0; k < N_KINDS; k++) {
		struct et_log_record *t = &r->templ[k];
		memset(t, 0, sizeof(*t));
		t->kind = (enum et_log_kind)k;
		for (const struct col_desc *d = kind_cols[k]; d->name; d++) {
			char *dst = (char *)&t->u + d->offset;
			double nan = NAN;
			int minus1 = -1;
			if (d->type == COL_NUM)
				memcpy(dst, &nan, sizeof(nan));
			else if (d->type == COL_INT)
				memcpy(dst, &minus1, sizeof(minus1));
		}
	}
}

/* Lines 1 and 2: magic with the major version, then the JSON header. */
static int read_preamble(struct et_log_reader *r, struct et_error *err)
{
	char *line;
	size_t len;
	int rc = next_line(r, &line, &len, err);
	size_t magic_len = strlen(ET_LOG_MAGIC);

	if (rc < 0)
		return -1;
	if (rc == 0)
		return et_error_set(err, r->name, 1, r->truncated ?
				    "not an etrec log (no complete first line)" : "empty file, not an etrec log");
	if (len > 0 && line[len - 1] == '\r')
		return et_error_set(err, r->name, 1, "lines end with CR LF (a Windows text file): "
				    "etrec logs end lines with LF only (convert it back, e.g. dos2unix)");
	if (len <= magic_len + 1 || memcmp(line, ET_LOG_MAGIC " ", magic_len + 1) != 0)
		return et_error_set(err, r->name, 1,
				    "not an etrec log (line 1 is not '" ET_LOG_MAGIC " <major>')");
	long major = 0;
	for (size_t i = magic_len + 1; i < len; i++) {
		if (line[i] < '0' || line[i] > '9' || major > 100000)
			return et_error_set(err, r->name, 1, "bad format version on line 1");
		major = major * 10 + (line[i] - '0');
	}
	if (major != ET_LOG_MAJOR)
		return et_error_set(err, r->name, 1,
				    "unsupported log format version %ld (etest reads version %d)",
				    major, ET_LOG_MAJOR);

	rc = next_line(r, &line, &len, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return et_error_set(err, r->name, 2, "no header line");
	json_error_t jerr;
	r->header = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!r->header)
		return et_error_set(err, r->name, 2, "header is not valid JSON: %s (column %d)",
				    jerr.text, jerr.column);
	if (!json_is_object(r->header))
		return et_error_set(err, r->name, 2, "header is not a JSON object");
	const char *format = json_string_value(json_object_get(r->header, "format"));
	const char *version = json_string_value(json_object_get(r->header, "version"));
	if (!format || strcmp(format, ET_LOG_MAGIC) != 0)
		return et_error_set(err, r->name, 2, "header \"format\" is not \"" ET_LOG_MAGIC "\"");
	char *dot;
	long hmajor = version ? strtol(version, &dot, 10) : -1;
	if (!version || dot == version || *dot != '.' || hmajor != major)
		return et_error_set(err, r->name, 2,
				    "header \"version\" is %s%s%s, line 1 says version %ld",
				    version ? "\"" : "", version ? version : "missing",
				    version ? "\"" : "", major);
	return 0;
}

int et_log_reader_open_stream(FILE *f, const char *name, struct et_log_reader **out,
			      struct et_error *err)
{
	struct et_log_reader *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return et_error_set(err, name, 0, "out of memory");
	r->f = f;
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->buf = malloc(BUF_CAP);
	if (!r->buf) {
		et_error_set(err, name, 0, "out of memory");
		goto fail;
	}
	if (csv_init(&r->csv, CSV_STRICT | CSV_APPEND_NULL) != 0) {
		et_error_set(err, name, 0, "out of memory");
		goto fail;
	}
	r->csv_ready = 1;
	r->fast_path = 1;
	init_templates(r);
	if (read_preamble(r, err) < 0)
		goto fail;
	*out = r;
	return 0;
fail:
	et_log_reader_close(r);
	return -1;
}

/* What a file that is not a regular file is, for a message. */
static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	return "not a regular file";
}

int et_log_reader_open(const char *path, struct et_log_reader **out, struct et_error *err)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	FILE *f;

	*out = NULL;
	if (fd < 0)
		return et_error_set(err, path, 0, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		int saved = errno;
		close(fd);
		return et_error_set(err, path, 0, "cannot read: %s", strerror(saved));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return et_error_set(err, path, 0, "%s, not a log file: etest reads logs from "
				    "regular files", file_kind(st.st_mode));
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || !(f = fdopen(fd, "rb"))) {
		int saved = errno;
		close(fd);
		return et_error_set(err, path, 0, "cannot open: %s", strerror(saved));
	}
	if (et_log_reader_open_stream(f, path, out, err) < 0) {
		fclose(f);
		return -1;
	}
	(*out)->own_file = 1;
	return 0;
}

json_t *et_log_reader_header(const struct et_log_reader *r)
{
	return r->header;
}

int et_log_reader_truncated(const struct et_log_reader *r)
{
	return r->truncated;
}

void et_log_reader_close(struct et_log_reader *r)
{
	if (!r)
		return;
	if (r->own_file && r->f)
		fclose(r->f);
	if (r->csv_ready)
		csv_free(&r->csv);
	json_decref(r->header);
	free(r->buf);
	free(r);
}
