/* test_log_read.c - the streaming log reader: columns by name, unknown columns and kinds,
 * NA, quoting, version check, line cap, truncation, error positions. */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../harness.h"
#include "log_read.h"
#include "logtext.h"

static struct et_log_reader *open_text(const char *text, FILE **f, struct et_error *err)
{
	struct et_log_reader *r = NULL;

	*f = fmemopen((void *)text, strlen(text), "r");
	if (*f && et_log_reader_open_stream(*f, "run.log", &r, err) < 0) {
		fclose(*f);
		*f = NULL;
	}
	return r;
}

static void close_text(struct et_log_reader *r, FILE *f)
{
	et_log_reader_close(r);
	if (f)
		fclose(f);
}

/* The error of the first failing step on text: open, then every record. */
static struct et_error error_of(const char *text)
{
	struct et_error err = ET_ERROR_INIT;
	struct et_log_record rec;
	FILE *f;
	struct et_log_reader *r = open_text(text, &f, &err);

	if (r)
		while (et_log_reader_next(r, &rec, &err) > 0)
			;
	close_text(r, f);
	return err;
}

static void test_columns_by_name(void)
{
	/* Columns in another order, an unknown column "extra", an unknown kind Z. */
	static const char log[] =
		"etrec-log 1\n"
		"{\"format\":\"etrec-log\",\"version\":\"1.7\",\"host\":\"h\",\"user_hz\":100}\n"
		"C,S,t_utc_ms,extra,t_mono_ms,job_rss_kib,job_cpu_jiffies\n"
		"C,Z,whatever\n"
		"C,E,t_mono_ms,t_utc_ms,event,detail\n"
		"Z,anything,\"at all\"\n"
		"S,1700000000000,\"x,y\",12,NA,34\n"
		"E,13,1700000000001,warning,\"nvidia-smi said \"\"no\"\", twice\"\n"
		"E,14,1700000000002,launch,\n";
	struct et_error err = ET_ERROR_INIT;
	struct et_log_record rec;
	FILE *f;
	struct et_log_reader *r = open_text(log, &f, &err);

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_STR_EQ(json_string_value(json_object_get(et_log_reader_header(r), "host")), "h");
	CHECK_INT_EQ(et_log_reader_next(r, &rec, &err), 1);
	CHECK_INT_EQ(rec.kind, ET_LOG_SAMPLE);
	CHECK_INT_EQ(rec.line, 7);
	CHECK_INT_EQ(rec.u.s.t_mono_ms, 12);
	CHECK_INT_EQ(rec.u.s.t_utc_ms, 1700000000000LL);
	CHECK(isnan(rec.u.s.job_rss_kib));        /* NA */
	CHECK_NEAR(rec.u.s.job_cpu_jiffies, 34, 0);
	CHECK(isnan(rec.u.s.user_cpu_jiffies));   /* column absent */
	CHECK_INT_EQ(et_log_reader_next(r, &rec, &err), 1);
	CHECK_INT_EQ(rec.kind, ET_LOG_EVENT);
	CHECK_STR_EQ(rec.u.e.event, "warning");
	CHECK_STR_EQ(rec.u.e.detail, "nvidia-smi said \"no\", twice");
	CHECK_INT_EQ(et_log_reader_next(r, &rec, &err), 1);
	CHECK_STR_EQ(rec.u.e.event, "launch");
	CHECK_STR_EQ(rec.u.e.detail, "");
	CHECK_INT_EQ(et_log_reader_next(r, &rec, &err), 0);
	CHECK_INT_EQ(et_log_reader_truncated(r), 0);
	close_text(r, f);
}

static void test_numbers_and_gpu(void)
{
	static const char log[] = LOG_HEAD
		"G,5,6,run,2,123.5,300,NA,1.5e3,1,NA,2,-0\n"
		"G,5,6,warmup,2,1,1,1,1,1,1,1,1\n";
	struct et_error err = ET_ERROR_INIT;
	struct et_log_record rec;
	FILE *f;
	struct et_log_reader *r = open_text(log, &f, &err);

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_INT_EQ(et_log_reader_next(r, &rec, &err), 1);
	CHECK_INT_EQ(rec.u.g.phase, ET_GPU_PHASE_RUN);
	CHECK_INT_EQ(rec.u.g.gpu_index, 2);
	CHECK_NEAR(rec.u.g.power_w, 123.5, 0);
	CHECK(isnan(rec.u.g.util_pct));
	CHECK_NEAR(rec.u.g.mem_used_mib, 1500, 0);
	CHECK_NEAR(rec.u.g.user_procs, 2, 0);
	CHECK_INT_EQ(et_log_reader_next(r, &rec, &err), 1);
	CHECK_INT_EQ(rec.u.g.phase, ET_GPU_PHASE_OTHER);
	close_text(r, f);
}

/* The number fast path against strtod, including its edges. */
static void test_number_forms(void)
{
	static const char log[] = LOG_HEAD
		"G,5,6,run,0,.5,1.,-2.25,0.1,123456789012345,1e3,007,12.000000001\n";
	struct et_error err = ET_ERROR_INIT;
	struct et_log_record rec;
	FILE *f;
	struct et_log_reader *r = open_text(log, &f, &err);

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_INT_EQ(et_log_reader_next(r, &rec, &err), 1);
	CHECK(rec.u.g.power_w == 0.5);
	CHECK(rec.u.g.power_limit_w == 1.0);
	CHECK(rec.u.g.util_pct == -2.25);
	CHECK(rec.u.g.mem_used_mib == 0.1);           /* the double nearest 0.1 */
	CHECK(rec.u.g.job_procs == 123456789012345.0);
	CHECK(rec.u.g.job_mem_mib == 1000.0);
	CHECK(rec.u.g.user_procs == 7.0);
	CHECK(rec.u.g.user_mem_mib == 12.000000001);
	close_text(r, f);
	CHECK_STR_EQ(error_of(LOG_HEAD "G,5,6,run,0,1.2.3,1,1,1,1,1,1,1\n").text,
		     "column power_w: '1.2.3' is not a number");
	CHECK_STR_EQ(error_of(LOG_HEAD "G,5,6,run,0,.,1,1,1,1,1,1,1\n").text,
		     "column power_w: '.' is not a number");
	CHECK_STR_EQ(error_of(LOG_HEAD "G,5,6,run,0,0x10,1,1,1,1,1,1,1\n").text,
		     "column power_w: '0x10' is not a number");
	CHECK_STR_EQ(error_of(LOG_HEAD "G,5,6,run,0,in f,1,1,1,1,1,1,1\n").text,
		     "column power_w: 'in f' is not a number");
	/* a time or an index that is not finite is an error, the log needs them */
	CHECK_STR_EQ(error_of(LOG_HEAD "G,5,6,run,inf,1,1,1,1,1,1,1,1\n").text,
		     "column gpu_index: 'inf' is not an integer");
	CHECK_STR_EQ(error_of(LOG_HEAD "G,1e999,6,run,0,1,1,1,1,1,1,1,1\n").text,
		     "column t_mono_ms: '1e999' is not a millisecond count");
	/* control characters of a value are shown, not sent to the terminal */
	CHECK_STR_EQ(error_of(LOG_HEAD "G,5,6,run,0,\x1b[2J,1,1,1,1,1,1,1\n").text,
		     "column power_w: '\\x1b[2J' is not a number");
}

/* A measured value that is not a finite number (nvidia-smi printing "inf", a 309-digit
 * number) reads as INFINITY: the integrator takes it as unknown, with a warning. */
static void test_not_finite(void)
{
	static const char log[] = LOG_HEAD
		"G,5,6,run,0,inf,-inf,nan,1e999,-1e999,Infinity,NAN,1e-999\n";
	struct et_error err = ET_ERROR_INIT;
	struct et_log_record rec;
	FILE *f;
	struct et_log_reader *r = open_text(log, &f, &err);

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_INT_EQ(et_log_reader_next(r, &rec, &err), 1);
	CHECK(rec.u.g.power_w == INFINITY);
	CHECK(rec.u.g.power_limit_w == INFINITY);
	CHECK(rec.u.g.util_pct == INFINITY);
	CHECK(rec.u.g.mem_used_mib == INFINITY);
	CHECK(rec.u.g.job_procs == INFINITY);
	CHECK(rec.u.g.job_mem_mib == INFINITY);
	CHECK(rec.u.g.user_procs == INFINITY);
	CHECK(rec.u.g.user_mem_mib == 0.0);   /* an underflow is a number near 0 */
	close_text(r, f);
}

/* A FIFO is refused at once (never waited on), and so is a directory. */
static void test_not_regular(void)
{
	char dir[] = "/tmp/et-log-read.XXXXXX", fifo[64];
	struct et_error err = ET_ERROR_INIT;
	struct et_log_reader *r = NULL;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	CHECK_INT_EQ(mkfifo(fifo, 0600), 0);
	CHECK_INT_EQ(et_log_reader_open(fifo, &r, &err), -1);
	CHECK(r == NULL);
	CHECK_STR_EQ(err.text, "a FIFO, not a log file: etest reads logs from regular files");
	CHECK_INT_EQ(et_log_reader_open(dir, &r, &err), -1);
	CHECK_STR_EQ(err.text, "a directory, not a log file: etest reads logs from regular files");
	unlink(fifo);
	rmdir(dir);
}

/* A log saved with Windows line ends is named as such, not as a bad version. */
static void test_crlf(void)
{
	struct et_error e = error_of("etrec-log 1\r\n{\"format\":\"etrec-log\",\"version\":\"1.0\"}\r\n");

	CHECK_INT_EQ(e.line, 1);
	CHECK_STR_EQ(e.text, "lines end with CR LF (a Windows text file): etrec logs end lines "
		     "with LF only (convert it back, e.g. dos2unix)");
}

static void test_truncated_last_line(void)
{
	static const char log[] = LOG_HEAD "E,1,2,launch,1\nE,3,4,warn";
	struct et_error err = ET_ERROR_INIT;
	struct et_log_record rec;
	FILE *f;
	struct et_log_reader *r = open_text(log, &f, &err);

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_INT_EQ(et_log_reader_next(r, &rec, &err), 1);
	CHECK_INT_EQ(et_log_reader_next(r, &rec, &err), 0);
	CHECK_INT_EQ(et_log_reader_truncated(r), 1);
	close_text(r, f);
}

static void test_errors(void)
{
	struct et_error e;

	e = error_of("etrec-log 2\n{}\n");
	CHECK_INT_EQ(e.line, 1);
	CHECK_STR_EQ(e.text, "unsupported log format version 2 (etest reads version 1)");
	e = error_of("hello,world\n");
	CHECK_STR_EQ(e.text, "not an etrec log (line 1 is not 'etrec-log <major>')");
	e = error_of("");
	CHECK_STR_EQ(e.text, "empty file, not an etrec log");
	e = error_of("etrec-log 1\n{\"format\":\"etrec-log\",\"version\":\"2.0\"}\n");
	CHECK_INT_EQ(e.line, 2);
	CHECK_STR_EQ(e.text, "header \"version\" is \"2.0\", line 1 says version 1");
	e = error_of("etrec-log 1\n{\"format\":\n");
	CHECK_INT_EQ(e.line, 2);
	CHECK(strncmp(e.text, "header is not valid JSON", 24) == 0);
	e = error_of(LOG_HEAD "S,1,2,3\n");
	CHECK_INT_EQ(e.line, 7);
	CHECK_STR_EQ(e.text, "record of kind S has 3 fields, its column record names 13");
	e = error_of(LOG_HEAD "E,1,2,launch,1,extra\n");
	CHECK_STR_EQ(e.text, "more fields than the 4 columns named by its column record");
	e = error_of(LOG_HEAD "E,1,2,launch,1\nS,1,2,x3,1,1,1,1,1,1,1,1,1,1\n");
	CHECK_INT_EQ(e.line, 8);
	CHECK_STR_EQ(e.text, "column job_cpu_jiffies: 'x3' is not a number");
	e = error_of(LOG_HEAD "E,NA,2,launch,1\n");
	CHECK_STR_EQ(e.text, "column t_mono_ms is NA");
	e = error_of(LOG_HEAD "E,1,2,\"launch,1\n");
	CHECK_STR_EQ(e.text, "unterminated quoted field");
	e = error_of(LOG_HEAD "E,1,2,la\"unch,1\n");
	CHECK(strncmp(e.text, "malformed CSV", 13) == 0);
	e = error_of(LOG_HEAD "\n");
	CHECK_STR_EQ(e.text, "empty line");
	e = error_of("etrec-log 1\n{\"format\":\"etrec-log\",\"version\":\"1.0\"}\nS,1,2\n");
	CHECK_STR_EQ(e.text, "record of kind S before its column record");
	e = error_of("etrec-log 1\n{\"format\":\"etrec-log\",\"version\":\"1.0\"}\nC,S,t_utc_ms,job_rss_kib\n");
	CHECK_STR_EQ(e.text, "column record of kind S lacks column t_mono_ms");
	e = error_of(LOG_HEAD "E,1,2,launch,1\nC,Q,a\n");
	CHECK_STR_EQ(e.text, "column record after the first data record");
	CHECK_STR_EQ(e.source, "run.log");
}

static void test_line_cap(void)
{
	size_t head = strlen(LOG_HEAD), n = head + ET_LOG_MAX_LINE + 100;
	char *text = malloc(n + 1);
	struct et_error e;

	memcpy(text, LOG_HEAD, head);
	memcpy(text + head, "E,1,2,warning,", 14);
	memset(text + head + 14, 'a', n - head - 15);
	text[n - 1] = '\n';
	text[n] = '\0';
	e = error_of(text);
	CHECK_INT_EQ(e.line, 7);
	CHECK_STR_EQ(e.text, "line longer than 1048576 bytes");
	/* a line just under the cap is read (the detail is cut to its buffer) */
	memset(text + head + 14, 'a', ET_LOG_MAX_LINE - 20);
	text[head + 14 + ET_LOG_MAX_LINE - 20] = '\n';
	text[head + 15 + ET_LOG_MAX_LINE - 20] = '\0';
	e = error_of(text);
	CHECK_STR_EQ(e.text, "");
	free(text);
}

int main(void)
{
	test_columns_by_name();
	test_numbers_and_gpu();
	test_number_forms();
	test_truncated_last_line();
	test_errors();
	test_line_cap();
	test_not_finite();
	test_crlf();
	test_not_regular();
	return TEST_SUMMARY();
}
