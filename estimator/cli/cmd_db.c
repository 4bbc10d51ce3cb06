/* cmd_db.c - `etest db add [--db FILE] PATH...`: find the logs under each path, skip the
 * files unchanged since the last ingest, replay the others into the run store; and
 * `etest db add-sacct`: SLURM accounting (sacct output) into the same store. */
#include <errno.h>
#include <fts.h>
#include <getopt.h>
#include <limits.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "content_hash.h"
#include "et_grow.h"
#include "et_sacct.h"
#include "et_store.h"
#include "integrate.h"

static const char usage_text[] =
	"usage: etest db add [--db STORE] [options] PATH...\n"
	"Add etrec logs to a run store (SQLite or PostgreSQL) for 'etest report'. A folder is searched\n"
	"recursively for *.log files; a file named on the command line is read whatever its\n"
	"name. A run is identified by its header, not its path: a copy is stored once, a log\n"
	"that grew replaces its shorter version, and files unchanged since the last add\n"
	"(same path, size and modification time) are skipped without being read.\n"
	"\n"
	"  --db STORE         the store (default $ETEST_DB): a SQLite file, created 0600 when\n"
	"                     missing (keep it on a local disk: SQLite's locking is not safe\n"
	"                     over NFS), or a postgresql://USER@HOST/DB URI (password in ~/.pgpass)\n"
	"  -q, --quiet        no progress bar (there is none either when stderr is not a terminal)\n"
	"  -h, --help         print this help and exit\n"
	"  -V, --version      print the version and exit\n"
	"\n"
	"Exit status: 0 ok, 1 a log could not be read (the others are still added) or the\n"
	"store could not be used, 2 usage error.\n"
	"\n"
	"See also 'etest db add-sacct --help': SLURM accounting into the same store.\n";

static const char sacct_usage_text[] =
	"usage: etest db add-sacct [--db STORE] FILE|-\n"
	"Add SLURM jobs from accounting to a run store, so that 'etest report' counts the jobs\n"
	"nobody wrapped in etrec (with the scheduler estimate) and each job once. FILE (or -,\n"
	"standard input) is the output of\n"
	"  sacct --allusers --parsable2 --starttime 2026-11-01 --endtime 2026-12-01 \\\n"
	"    --format Cluster,JobID,JobIDRaw,User,Account,Partition,NodeList,NNodes,NCPUS,State,Start,End,Elapsed,TotalCPU,CPUTime,ReqMem,MaxRSS,AllocTRES,ConsumedEnergyRaw\n"
	"(the header line first; columns in any order, extra ones ignored; Cluster and JobID\n"
	"required). One row per job (its steps folded in), keyed by cluster and JobID. All the\n"
	"jobs of the file are stored in one transaction: a bad line stores nothing. The same\n"
	"file twice adds nothing; a job stored running or pending and now finished is updated;\n"
	"a finished job is never replaced by an older unfinished view of it.\n"
	"\n"
	"  --db STORE         the store (default $ETEST_DB): a SQLite file, created 0600 when\n"
	"                     missing, or a postgresql://USER@HOST/DB URI (password in ~/.pgpass)\n"
	"  -h, --help         print this help and exit\n"
	"  -V, --version      print the version and exit\n"
	"\n"
	"Exit status: 0 ok, 1 a bad line or the store could not be used (nothing stored), 2\n"
	"usage error.\n";

/* A file to read: as the user named it (in messages) and its absolute path (the key of
 * the unchanged-file check, the same whatever folder add runs in). */
struct file_entry {
	char *shown;
	char *key;
};

/* The files to read, found before reading any (for the progress bar). */
struct file_list {
	struct file_entry *v;
	size_t n, cap;
	int oom;
};

/* Add the file at key (absolute), shown as prefix followed by key's part after skip. */
static int push(struct file_list *l, const char *prefix, const char *key, size_t skip)
{
	struct file_entry *grown = et_grow(l->v, &l->cap, l->n + 1, sizeof(*grown));
	char *k = strdup(key), *shown = NULL;

	if (!grown || !k || asprintf(&shown, "%s%s", prefix, key + skip) < 0) {
		free(k);
		l->oom = 1;
		return -1;
	}
	l->v = grown;
	l->v[l->n].shown = shown;
	l->v[l->n].key = k;
	l->n++;
	return 0;
}

/* A file that a folder walk takes: a regular *.log. */
static int is_log(const FTSENT *e)
{
	return e->fts_info == FTS_F && e->fts_namelen > 4 &&
	       strcmp(e->fts_name + e->fts_namelen - 4, ".log") == 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct file_entry *)a)->shown, ((const struct file_entry *)b)->shown);
}

/* The *.log files under the folder real (absolute), shown under given. Returns the
 * number of folders that could not be read. */
static int walk(const char *given, char *real, struct file_list *l)
{
	char *one[2] = {real, NULL};
	FTS *fts = fts_open(one, FTS_PHYSICAL | FTS_NOCHDIR, NULL);
	FTSENT *e;
	int bad = 0;

	if (!fts) {
		fprintf(stderr, "etest: %s: %s\n", given, strerror(errno));
		return 1;
	}
	while ((e = fts_read(fts)) && !l->oom) {
		if (e->fts_info == FTS_DNR || e->fts_info == FTS_ERR) {
			fprintf(stderr, "etest: %s: cannot read this folder: %s\n", e->fts_path,
				strerror(e->fts_errno));
			bad++;
		} else if (is_log(e)) {
			push(l, given, e->fts_path, strlen(real));
		}
	}
	fts_close(fts);
	return bad;
}

/* Every file under the paths (symbolic links inside folders are not followed).
 * Returns the number of paths that could not be searched. */
static int find_files(char **paths, int n, struct file_list *l)
{
	int bad = 0;
	char real[PATH_MAX];

	for (int i = 0; i < n && !l->oom; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0 || !realpath(paths[i], real)) {
			fprintf(stderr, "etest: %s: %s\n", paths[i], strerror(errno));
			bad++;
		} else if (S_ISDIR(st.st_mode)) {
			size_t len = strlen(paths[i]);
			char *given = strndup(paths[i], len > 1 && paths[i][len - 1] == '/' ? len - 1 : len);
			if (!given) {
				l->oom = 1;
				break;
			}
			bad += walk(given, real, l);
			free(given);
		} else {
			push(l, paths[i], real, strlen(real));
		}
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), by_name);
	return bad;
}

static void free_files(struct file_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].shown);
		free(l->v[i].key);
	}
	free(l->v);
}

/* ---- reading a log while hashing it ---- */

struct hashing_reader {
	FILE *f;
	struct et_content_hash hash;
};

static ssize_t hashing_read(void *cookie, char *buf, size_t size)
{
	struct hashing_reader *h = cookie;
	size_t got = fread(buf, 1, size, h->f);

	et_content_hash_add(&h->hash, buf, got);
	if (got == 0 && ferror(h->f))
		return -1;
	return (ssize_t)got;
}

/* Replay path into run, filling src (size and hash of what was read). */
static int read_log(const char *path, struct et_run *run, struct et_store_source *src,
		    struct et_error *err)
{
	struct hashing_reader h;
	cookie_io_functions_t io = {hashing_read, NULL, NULL, NULL};
	FILE *f = NULL;
	struct stat st;
	char drain[65536];
	int rc = -1;

	et_content_hash_init(&h.hash);
	if (!(h.f = fopen(path, "r")))
		return et_error_set(err, path, 0, "cannot open: %s", strerror(errno));
	if (fstat(fileno(h.f), &st) != 0) {
		et_error_set(err, path, 0, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {   /* a FIFO or a device could be read forever */
		et_error_set(err, path, 0, "not a regular file");
		goto out;
	}
	if (!(f = fopencookie(&h, "r", io))) {
		et_error_set(err, path, 0, "out of memory");
		goto out;
	}
	if (et_run_load_stream(f, path, run, NULL, err)   /* a store keeps quarter-hours */ < 0)
		goto out;
	while (fread(drain, 1, sizeof(drain), f) > 0)   /* the hash covers the whole file */
		;
	if (ferror(f)) {
		et_error_set(err, path, 0, "read error: %s", strerror(errno));
		goto out;
	}
	src->path = path;
	src->size = (int64_t)h.hash.bytes;
	src->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	snprintf(src->hash, sizeof(src->hash), "mix64:%016" PRIx64, et_content_hash_final(&h.hash));
	rc = 0;
out:
	if (f)
		fclose(f);
	fclose(h.f);
	return rc;
}

/* ---- progress on a terminal ---- */

struct progress {
	int on;
	size_t total;
	double t0, last;
	int64_t bytes;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress_show(struct progress *p, size_t done, int final)
{
	double t = now_s(), el = t - p->t0;
	char bar[31];
	size_t fill;

	if (!p->on || (!final && t - p->last < 0.1))
		return;
	p->last = t;
	fill = p->total ? done * 30 / p->total : 30;
	memset(bar, '#', fill);
	memset(bar + fill, ' ', 30 - fill);
	bar[30] = '\0';
	double eta = done && done < p->total ? el / (double)done * (double)(p->total - done) : 0;
	fprintf(stderr, "\r[%s] %zu/%zu files, %.1f MB/s, ETA %d:%02d ", bar, done, p->total,
		el > 0 ? (double)p->bytes / 1e6 / el : 0.0, (int)eta / 60, (int)eta % 60);
	if (final)
		fputc('\n', stderr);
}

/* ---- the command ---- */

struct counts {
	unsigned long added, replaced, unchanged, failed;
};

/* Ingest one file. Returns 0, or -1 after printing its error (counted as failed). */
static int add_one(struct et_store *store, const struct file_entry *file, struct counts *c,
		   struct progress *p)
{
	const char *path = file->shown, *key = file->key;
	struct et_error err = ET_ERROR_INIT;
	struct et_run run;
	struct et_store_source src;
	enum et_store_outcome outcome;
	struct stat st;
	int same, stored = -1;

	if (stat(path, &st) != 0) {
		et_error_set(&err, path, 0, "cannot stat: %s", strerror(errno));
		goto fail;
	}
	same = et_store_source_unchanged(store, key, (int64_t)st.st_size,
					 (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec, &err);
	if (same < 0)
		goto fail;
	if (same) {
		c->unchanged++;
		return 0;
	}
	memset(&run, 0, sizeof(run));
	memset(&src, 0, sizeof(src));
	if (read_log(path, &run, &src, &err) == 0) {
		src.path = key;
		stored = et_store_add(store, &run, &src, &outcome, &err);
	}
	et_run_release(&run);
	if (stored < 0)
		goto fail;
	p->bytes += src.size;
	if (outcome == ET_STORE_ADDED)
		c->added++;
	else if (outcome == ET_STORE_REPLACED)
		c->replaced++;
	else
		c->unchanged++;
	return 0;
fail:
	if (p->on)
		fputc('\n', stderr);
	et_error_print(&err);
	c->failed++;
	return -1;
}

static int db_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	const char *db = NULL, *network = NULL;
	int c, quiet = 0, status = ET_EXIT_OK;
	struct file_list files = {NULL, 0, 0, 0};
	struct counts n = {0, 0, 0, 0};
	struct progress p = {0, 0, 0, 0, 0};
	struct et_store *store = NULL;
	struct et_error err = ET_ERROR_INIT;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":qhV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return ET_EXIT_OK;
		case 'V': printf("etest %s\n", ET_VERSION); return ET_EXIT_OK;
		case ':': return et_usage_error("db add", "option '%s' wants a value", argv[optind - 1]);
		default: return et_usage_error("db add", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!db)
		db = getenv("ETEST_DB");
	if (!db || !*db)
		return et_usage_error("db add", "no store given (--db STORE, or ETEST_DB)");
	if (optind == argc)
		return et_usage_error("db add", "no log or folder given");
	if (et_store_open(db, ET_STORE_WRITE, &store, &network, &err) < 0) {
		et_error_print(&err);
		return ET_EXIT_DATA;
	}
	if (network)
		fprintf(stderr, "etest: warning: %s is on a network filesystem (%s): SQLite's locking is not "
			"safe there; keep the store on a local disk (the logs may stay on %s)\n", db, network, network);
	if (find_files(argv + optind, argc - optind, &files) > 0)
		status = ET_EXIT_DATA;
	if (files.oom) {
		fprintf(stderr, "etest: out of memory listing the logs\n");
		status = ET_EXIT_DATA;
		goto out;
	}
	p.on = !quiet && isatty(STDERR_FILENO);
	p.total = files.n;
	p.t0 = now_s();
	for (size_t i = 0; i < files.n; i++) {
		if (add_one(store, &files.v[i], &n, &p) < 0)
			status = ET_EXIT_DATA;
		progress_show(&p, i + 1, 0);
	}
	progress_show(&p, files.n, 1);
	int64_t total = et_store_count_runs(store, &err);
	if (total < 0) {   /* the runs were added: the summary says so without a count */
		et_error_print(&err);
		status = ET_EXIT_DATA;
		printf("etest db add: %lu added, %lu replaced, %lu unchanged, %lu failed (%s)\n",
		       n.added, n.replaced, n.unchanged, n.failed, et_store_name(store));
	} else {
		printf("etest db add: %lu added, %lu replaced, %lu unchanged, %lu failed (%s: %lld runs)\n",
		       n.added, n.replaced, n.unchanged, n.failed, et_store_name(store), (long long)total);
	}
	if (fflush(stdout) != 0)
		status = ET_EXIT_DATA;
out:
	free_files(&files);
	et_store_close(store);
	return status;
}

/* ---- add-sacct ---- */

struct sacct_counts {
	struct et_store *store;
	const char *source;   /* as stored: the file's absolute path, or "-" */
	const char *shown;    /* as messages name it */
	unsigned long added, updated, unchanged;
};

static int put_job(const struct et_sacct_job *job, void *arg, struct et_error *err)
{
	struct sacct_counts *c = arg;
	enum et_store_sacct_outcome outcome;

	if (et_store_put_sacct(c->store, job, c->source, &outcome, err) < 0) {
		char text[sizeof(err->text)];
		snprintf(text, sizeof(text), "%s", err->text);
		return et_error_set(err, c->shown, job->line, "job %s: %s", job->job_id, text);
	}
	if (outcome == ET_SACCT_ADDED)
		c->added++;
	else if (outcome == ET_SACCT_UPDATED)
		c->updated++;
	else
		c->unchanged++;
	return 0;
}

static int db_add_sacct(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	const char *db = NULL, *network = NULL;
	struct sacct_counts n = {NULL, NULL, NULL, 0, 0, 0};
	struct et_error err = ET_ERROR_INIT;
	char real[PATH_MAX];
	FILE *in = NULL;
	struct stat st;
	int c, status = ET_EXIT_DATA;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(sacct_usage_text, stdout); return ET_EXIT_OK;
		case 'V': printf("etest %s\n", ET_VERSION); return ET_EXIT_OK;
		case ':': return et_usage_error("db add-sacct", "option '%s' wants a value", argv[optind - 1]);
		default: return et_usage_error("db add-sacct", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!db)
		db = getenv("ETEST_DB");
	if (!db || !*db)
		return et_usage_error("db add-sacct", "no store given (--db STORE, or ETEST_DB)");
	if (optind != argc - 1)
		return et_usage_error("db add-sacct", "give one sacct file, or - for standard input");
	n.shown = argv[optind];
	if (strcmp(n.shown, "-") == 0) {
		in = stdin;
		n.source = "-";
		n.shown = "standard input";
	} else {
		if (!(in = fopen(n.shown, "r"))) {
			fprintf(stderr, "etest: %s: cannot open: %s\n", n.shown, strerror(errno));
			return ET_EXIT_DATA;
		}
		if (fstat(fileno(in), &st) != 0 || !realpath(n.shown, real)) {
			fprintf(stderr, "etest: %s: %s\n", n.shown, strerror(errno));
			fclose(in);
			return ET_EXIT_DATA;
		}
		if (S_ISDIR(st.st_mode)) {
			fprintf(stderr, "etest: %s: a folder, not a sacct file\n", n.shown);
			fclose(in);
			return ET_EXIT_DATA;
		}
		n.source = real;
	}
	if (et_store_open(db, ET_STORE_WRITE, &n.store, &network, &err) < 0)
		goto fail;
	if (network)
		fprintf(stderr, "etest: warning: %s is on a network filesystem (%s): SQLite's locking is not "
			"safe there; keep the store on a local disk\n", db, network);
	if (et_store_begin(n.store, &err) < 0)
		goto fail;
	if (et_sacct_read(in, n.shown, put_job, &n, &err) != 0) {
		et_store_rollback(n.store);
		goto fail;
	}
	if (et_store_commit(n.store, &err) < 0)
		goto fail;
	int64_t total = et_store_count_sacct(n.store, &err);
	if (total < 0) {   /* committed: the summary says so without a count */
		et_error_print(&err);
		printf("etest db add-sacct: %lu added, %lu updated, %lu unchanged (%s)\n",
		       n.added, n.updated, n.unchanged, et_store_name(n.store));
	} else {
		printf("etest db add-sacct: %lu added, %lu updated, %lu unchanged (%s: %lld jobs)\n",
		       n.added, n.updated, n.unchanged, et_store_name(n.store), (long long)total);
	}
	status = fflush(stdout) == 0 && total >= 0 ? ET_EXIT_OK : ET_EXIT_DATA;
	goto out;
fail:
	et_error_print(&err);
	if (n.store)
		fprintf(stderr, "etest: db add-sacct: nothing stored\n");
out:
	et_store_close(n.store);
	if (in && in != stdin)
		fclose(in);
	return status;
}

int cmd_db(int argc, char **argv)
{
	if (argc < 2)
		return et_usage_error("db", "which subcommand? (add, add-sacct)");
	if (strcmp(argv[1], "add") == 0)
		return db_add(argc - 1, argv + 1);
	if (strcmp(argv[1], "add-sacct") == 0)
		return db_add_sacct(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_text, stdout);
		return ET_EXIT_OK;
	}
	return et_usage_error("db", "unknown subcommand '%s' (add, add-sacct)", argv[1]);
}
