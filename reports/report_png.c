/* report_png.c - the "png" writer (--png DIR): each chart of the PDF report as a PNG of
 * 1200 x 600 pixels in an existing folder, each file written to a temporary name and
 * renamed into place. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "draw.h"
#include "et_grow.h"
#include "report.h"
#include "run_charts.h"

#ifndef ET_VERSION
#define ET_VERSION "unknown"
#endif

#define PNG_W_PT 600.0
#define PNG_H_PT 300.0
#define PNG_PX_PER_PT 2.0    /* 1200 x 600 pixels */

struct png_state {
	struct dr_doc *doc;
	char zone[64];
	char (*stems)[160];      /* the runs' file name stems, to keep them apart */
	size_t n_stems, cap_stems;
};

/* Write the chart drawn on the document to dir/name through a temporary file. */
static int save(struct et_writer *w, const char *name, struct et_error *err)
{
	struct png_state *st = w->state;
	char path[PATH_MAX + 256], tmp[PATH_MAX + 300];
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", w->path, name) >= sizeof(path))
		return et_error_set(err, w->path, 0, "file name too long");
	if (!(f = et_report_open(path, tmp, sizeof(tmp), err)))
		return -1;
	fclose(f);
	if (dr_png_write(st->doc, tmp, err) < 0) {
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		int saved = errno;
		unlink(tmp);
		return et_error_set(err, path, 0, "cannot rename %s: %s", tmp, strerror(saved));
	}
	return 0;
}

/* 1 when a run before gave its files the stem s. */
static int stem_taken(const struct png_state *st, const char *s)
{
	for (size_t i = 0; i < st->n_stems; i++)
		if (strcmp(st->stems[i], s) == 0)
			return 1;
	return 0;
}

/* The run's stem: the log's name without folder and ".log", with -2, -3... when a run
 * before took it (compared with the stems given, so a log named x-2.log after two x.log
 * gets x-2-2, never the files of the second x.log). */
static int stem_of(struct png_state *st, const char *log_path, char *stem, size_t n)
{
	const char *base = strrchr(log_path, '/');
	char name[104];
	size_t len;

	base = base ? base + 1 : log_path;
	len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".log") == 0)
		len -= 4;
	snprintf(name, sizeof(name), "%.*s", (int)(len < 100 ? len : 100), base);
	for (char *p = name; *p; p++)
		if (*p == ' ' || (unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '_';
	snprintf(stem, n, "%s", name);
	for (size_t k = 2; stem_taken(st, stem); k++)
		snprintf(stem, n, "%s-%zu", name, k);
	char (*grown)[160] = et_grow(st->stems, &st->cap_stems, st->n_stems + 1, sizeof(*grown));
	if (!grown)
		return -1;
	st->stems = grown;
	snprintf(st->stems[st->n_stems++], sizeof(st->stems[0]), "%s", stem);
	return 0;
}

static int png_begin(struct et_writer *w, struct et_error *err)
{
	struct png_state *st = calloc(1, sizeof(*st));
	const struct dr_meta meta = {"energytrack " ET_VERSION, time(NULL), NULL};

	if (!st)
		return et_error_set(err, w->path ? w->path : "", 0, "out of memory");
	w->state = st;
	if (!w->path)
		return et_error_set(err, "", 0, "the PNG charts need a folder (--png DIR)");
	rc_zone_name(st->zone, sizeof(st->zone));
	if (!(st->doc = dr_png_open(PNG_W_PT, PNG_H_PT, PNG_PX_PER_PT, &meta, err)))
		return -1;
	return 0;
}

static int png_run(struct et_writer *w, const struct et_report_run *r, struct et_error *err)
{
	struct png_state *st = w->state;
	struct dr_rect c = dr_canvas(st->doc);
	char stem[160], name[256];

	if (stem_of(st, r->run->log_path, stem, sizeof(stem)) < 0)
		return et_error_set(err, w->path, 0, "out of memory");
#define SAVE(suffix) (snprintf(name, sizeof(name), "%s-%s.png", stem, suffix), save(w, name, err))
	rc_models(st->doc, c, r);
	if (SAVE("models") < 0)
		return -1;
	if (rc_cpu(st->doc, c, r, st->zone) && SAVE("cpu") < 0)
		return -1;
	if (rc_memory(st->doc, c, r, st->zone) && SAVE("memory") < 0)
		return -1;
	if (rc_gpu(st->doc, c, r, st->zone) && SAVE("gpu") < 0)
		return -1;
	for (int g = 0; rc_gpu_count(r) > 1 && g < rc_gpu_count(r); g++) {
		char suffix[32];
		snprintf(suffix, sizeof(suffix), "gpu%d", r->run->facts.gpus[g].index);
		rc_gpus(st->doc, c, r, st->zone, g, 1);
		if (SAVE(suffix) < 0)
			return -1;
	}
	rc_intensity(st->doc, c, r);
	if (SAVE("intensity") < 0)
		return -1;
	if (r->reference) {
		rc_deviation(st->doc, c, r);
		if (SAVE("deviation") < 0)
			return -1;
		if (rc_reference(st->doc, c, r, st->zone) && SAVE("reference") < 0)
			return -1;
	}
#undef SAVE
	return 0;
}

static void png_release(struct et_writer *w)
{
	struct png_state *st = w->state;

	if (!st)
		return;
	dr_close(st->doc, NULL);
	free(st->stems);
	free(st);
	w->state = NULL;
}

const struct et_writer_ops et_writer_png = {
	.name = "png",
	.option = "png",
	.option_arg = "DIR",
	.option_help = "each chart as a 1200 x 600 PNG into the existing folder DIR",
	.writes = ET_WRITE_DIR,
	.wants_series = 1,
	.begin = png_begin,
	.run = png_run,
	.release = png_release,
};
