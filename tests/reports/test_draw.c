/* test_draw.c - the drawing library: unit checks (numbers, ticks) and a sample 3-page PDF
 * and PNG charts with every piece, from fake data, for t_draw.sh to inspect. */
#include <cairo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "harness.h"
#include "series_reduce.h"

/* 2026-10-24T12:00:00+02:00 (Paris, summer time): Central European Time resumes on
 * 2026-10-25 at 03:00 CEST -> 02:00 CET. */
#define T_OCT24_NOON 1792836000.0

static void test_fmt(void)
{
	char buf[64];

	CHECK_STR_EQ(dr_fmt(buf, sizeof(buf), 12.345, 2), "12.35");   /* 1234.5 rounds up */
	CHECK_STR_EQ(dr_fmt(buf, sizeof(buf), -0.004, 2), "0.00");    /* no "-0.00" */
	CHECK_STR_EQ(dr_fmt(buf, sizeof(buf), -1.5, 1), "-1.5");
	CHECK_STR_EQ(dr_fmt(buf, sizeof(buf), 1234567.0, 0), "1234567");
	CHECK_STR_EQ(dr_fmt(buf, sizeof(buf), 0.25, 3), "0.250");
	CHECK_STR_EQ(dr_fmt(buf, sizeof(buf), NAN, 2), "n/a");
	/* -3: 3 significant digits: 0.0287 (magnitude -2: 3 - 1 + 2 = 4 decimals), 185 kWh
	 * (magnitude 2: 0 decimals), 1234.5 rounds to 1235 (never fewer than 0 decimals) */
	CHECK_STR_EQ(dr_fmt(buf, sizeof(buf), 0.028656, -3), "0.0287");
	CHECK_STR_EQ(dr_fmt(buf, sizeof(buf), 185.2, -3), "185");
	CHECK_STR_EQ(dr_fmt(buf, sizeof(buf), 1234.5, -3), "1235");
	CHECK_STR_EQ(dr_fmt(buf, sizeof(buf), 0.0, -3), "0.00");
	if (setlocale(LC_ALL, "fr_FR.UTF-8")) {
		CHECK_STR_EQ(dr_fmt(buf, sizeof(buf), 3.5, 1), "3.5");      /* not "3,5" */
		setlocale(LC_ALL, "");
	} else {
		printf("skip: no fr_FR.UTF-8 locale\n");
	}
}

static void test_time_ticks(void)
{
	double ticks[64], step;
	size_t n;
	char buf[32];
	struct tm tm;
	time_t t;

	/* 10:07:13 to 12:52:00 Paris (CEST) on 24 Oct over 500 pt, labels 30 pt wide: each tick
	 * needs 38 pt, so at most 13 ticks: 9,915 s / 900 s = 11 + 1 = 12 fit with 15 min
	 * (10 min would need 17). Ticks at 10:15, 10:30, ... 12:45: 11 of them. */
	n = dr_time_ticks(T_OCT24_NOON - 6767, T_OCT24_NOON + 3120, 500, 30, ticks, 64, &step);
	CHECK_NEAR(step, 900, 0);
	CHECK_INT_EQ(n, 11);
	t = (time_t)ticks[0];
	localtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%H:%M", &tm);
	CHECK_STR_EQ(buf, "10:15");
	/* Across the end of summer time (25 Oct): 3-hour ticks stay on round wall-clock hours.
	 * From 24 Oct 12:00 CEST to 26 Oct 12:00 CET (49 h as the DST night lasts 25 h):
	 * 500 pt / 38 = 13 ticks: 6 h gives 49/6 + 1 = 9.2 ticks, 3 h 17.3: 6 h it is.
	 * Ticks 12:00 18:00 00:00 06:00 12:00 18:00 00:00 06:00 12:00: 9, all round. */
	n = dr_time_ticks(T_OCT24_NOON, T_OCT24_NOON + 49 * 3600, 500, 30, ticks, 64, &step);
	CHECK_NEAR(step, 21600, 0);
	CHECK_INT_EQ(n, 9);
	for (size_t i = 0; i < n; i++) {
		t = (time_t)ticks[i];
		localtime_r(&t, &tm);
		CHECK_INT_EQ(tm.tm_min, 0);
		CHECK_INT_EQ(tm.tm_hour % 6, 0);
	}
	/* the tick after 00:00 on the 25th is 06:00, 7 real hours later (the extra hour) */
	CHECK_NEAR(ticks[3] - ticks[2], 7 * 3600, 0);
	/* 3 weeks: 7-day ticks on Mondays at midnight */
	n = dr_time_ticks(T_OCT24_NOON, T_OCT24_NOON + 21 * 86400.0, 200, 30, ticks, 64, &step);
	CHECK_NEAR(step, 604800, 0);
	CHECK(n >= 2);
	t = (time_t)ticks[0];
	localtime_r(&t, &tm);
	CHECK_INT_EQ(tm.tm_wday, 1);
	CHECK_INT_EQ(tm.tm_hour, 0);
	/* 2 years over 500 pt: at most 13 ticks of 38 pt, so a step of at least 730 / 12.2
	 * = 60 days: 13 weeks (91 d), 730 / 91 + 1 = 9 ticks, the last within 91 d of the end */
	n = dr_time_ticks(T_OCT24_NOON, T_OCT24_NOON + 730 * 86400.0, 500, 30, ticks, 64, &step);
	CHECK_NEAR(step, 91 * 86400, 0);
	CHECK(n >= 8 && n <= 9);
	CHECK(ticks[n - 1] > T_OCT24_NOON + 730 * 86400.0 - 91 * 86400);
	/* a bad range gives no tick */
	CHECK_INT_EQ(dr_time_ticks(10, 5, 500, 30, ticks, 64, &step), 0);
	CHECK_INT_EQ(dr_time_ticks(NAN, 5, 500, 30, ticks, 64, &step), 0);
}

/* ---- fake data for the sample report ---- */

static const char *const models[] = {"codecarbon", "codecarbon3", "carbontracker", "eco2ai", "ga",
				     "greenalgorithms", "gpu-only"};
#define N_MODELS 7

struct series_buf {
	double t[1024], mean[1024], lo[1024], hi[1024];
	unsigned char brk[1024];
	size_t n;
};

static void export(struct sr_reducer *r, size_t s, struct series_buf *b)
{
	b->n = sr_export(r, s, b->t, b->mean, b->lo, b->hi, b->brk);
}

static void page_summary(struct dr_doc *doc)
{
	struct dr_rect body = dr_page_begin(doc, "energytrack report: python train.py --epochs 40",
					    "user alice on host gpu-node-3 \xC2\xB7 run of 2 d 1 h 0 min, exit status 0, complete");
	static const struct dr_table_col kv_cols[] = {{NULL, NULL, DR_LEFT}, {NULL, NULL, DR_LEFT}};
	static const char *const kv[] = {
		"command", "python train.py --epochs 40 --batch-size 256 --data /scratch/alice/imagenet",
		"CPU", "AMD EPYC 7513 32-Core Processor (64 threads)",
		"GPUs", "4 x NVIDIA A100-SXM4-40GB",
		"start", "2026-10-24 12:00:00 CEST (Europe/Paris)",
		"duration", "49.00 h",
		"scope", "job (the command and its children)",
		"PUE", "1.40 (default)",
		"intensity", "52.3 gCO2e/kWh, energy-weighted, RTE eco2mix daily means",
	};
	static const struct dr_table_col cols[] = {
		{"model", NULL, DR_LEFT}, {"CPU", "Wh", DR_RIGHT}, {"GPU", "Wh", DR_RIGHT}, {"RAM", "Wh", DR_RIGHT},
		{"with PUE", "Wh", DR_RIGHT}, {"emissions", "gCO2e", DR_RIGHT},
	};
	static const char *const rows[] = {
		"codecarbon", "1234.56", "45678.90", "321.09", "66 047.6", "3454.3",
		"codecarbon3", "1100.12", "45678.90", "298.44", "65 870.2", "3445.0",
		"carbontracker", "2015.70", "44010.33", "402.17", "65 000.7", "3399.5",
		"eco2ai", "987.65", "45678.90", "120.00", "65 513.6", "3426.4",
		"ga", "1508.25", "47901.00", "512.80", "69 572.6", "3638.6",
		"greenalgorithms", "1508.25", "47901.00", "512.80", "69 572.6", "3638.6",
		"gpu-only", "0.00", "45678.90", "0.00", "63 950.5", "3344.6",
	};
	static const struct dr_table kv_t = {kv_cols, 2, kv, 8, 0, 1};
	static const struct dr_table t = {cols, 6, rows, 7, 0, 1};
	static const char *const runs[] = {"run a.log (2 d 1 h)", "run b.log (3 h 10 min)", "run c.log (1 sample)"};
	static const double energy[3 * N_MODELS] = {
		66.0476, 65.8702, 65.0007, 65.5136, 69.5726, 69.5726, 63.9505,
		4.12, 3.98, 5.01, 3.75, 4.60, 4.60, 3.10,
		0.002, 0.002, 0.003, 0.001, 0.002, 0.002, NAN,
	};
	const struct dr_grouped g = {"Energy per run and model (with PUE)", runs, 3, models, N_MODELS, energy,
				     "energy with PUE", "kWh", 3};
	double bottom;

	dr_table(doc, body, &kv_t, 0, &bottom);
	body.h -= bottom + 10 - body.y;
	body.y = bottom + 10;
	dr_table(doc, body, &t, 0, &bottom);
	body.h -= bottom + 8 - body.y;
	body.y = bottom + 8;
	bottom = body.y + dr_paragraph(doc, (struct dr_rect){body.x, body.y, body.w, 40}, 8,
				       "Equivalents (Green Algorithms reference values): 3454.3 gCO2e is 19.7 km "
				       "by car (175 gCO2e/km) or 3.77 tree-months (917 gCO2e per tree-month).");
	body.h -= bottom + 10 - body.y;
	body.y = bottom + 10;
	dr_grouped_bars(doc, body, &g);
	dr_page_end(doc);
}

static void page_models(struct dr_doc *doc)
{
	struct dr_rect body = dr_page_begin(doc, "Why the models differ", "energy of python train.py by model");
	static const char *const parts[] = {"CPU", "GPU", "RAM", "PUE overhead"};
	static const double v[N_MODELS][4] = {
		{1234.56, 45678.90, 321.09, 18813.0}, {1100.12, 45678.90, 298.44, 18793.0},
		{2015.70, 44010.33, 402.17, 18572.6}, {987.65, 45678.90, 120.00, 18727.0},
		{1508.25, 47901.00, 512.80, 19650.6}, {1508.25, 47901.00, 512.80, 19650.6},
		{0.0, 45678.90, 0.0, 18271.6},
	};
	static const char *const notes[N_MODELS] = {
		"codecarbon: 50 % of an 85 W default TDP for the whole run (CPU not in its table)",
		"codecarbon3: the CPU's 155 W TDP from its table, scaled by the load",
		"carbontracker: RAPL package energy measured, DRAM estimated at 0.3725 W/GB",
		"eco2ai: 120 W TDP x the process's CPU share; RAM 0.375 W/GB",
		"ga: 30.5 W per busy core x 2.05 CPU-s; GPU 0 above its 60 W idle",
		"greenalgorithms: as ga, with the form's defaults",
		"gpu-only: the GPUs' measured power, nothing else",
	};
	struct dr_stack_bar bars[N_MODELS];
	static const struct dr_day_bar days[] = {
		{"24 Oct", 48.2, 0}, {"25 Oct", 55.9, 0}, {"26 Oct", 51.0, 1},
	};
	const struct dr_daychart dc = {"Intensity by day", days, 3, "carbon intensity",
				       "gCO2e/kWh", "day (Europe/Paris)", 1, 52.3, "energy-weighted",
				       "yearly fallback (no daily value)", 7};
	struct dr_day_bar hours[72];
	char hour_labels[72][16];
	const struct dr_daychart hc = {"Carbon intensity of each hour", hours, 72, "carbon intensity",
				       "gCO2e/kWh", "hour (Europe/Paris)", 0, NAN, NULL, NULL, 24};

	for (int i = 0; i < N_MODELS; i++)
		bars[i] = (struct dr_stack_bar){models[i], v[i], notes[i]};
	for (int i = 0; i < 72; i++) {
		snprintf(hour_labels[i], sizeof(hour_labels[i]), "%02d:00", (12 + i) % 24);
		hours[i] = (struct dr_day_bar){hour_labels[i], 40 + 20 * sin(i / 4.0) + (i == 30 ? 40 : 0), 0};
	}
	hours[50].value = NAN;
	{
		const struct dr_stacked sc = {"Energy by part (with PUE overhead)", parts, 4, bars, N_MODELS, "energy", "Wh", 0};

		dr_stacked_bars(doc, (struct dr_rect){body.x, body.y, body.w, body.h * 0.5}, &sc);
	}
	dr_daychart(doc, (struct dr_rect){body.x, body.y + body.h * 0.52, body.w * 0.32, body.h * 0.46}, &dc);
	dr_daychart(doc, (struct dr_rect){body.x + body.w * 0.36, body.y + body.h * 0.52, body.w * 0.64,
					  body.h * 0.46}, &hc);
	dr_page_end(doc);
}

/* 49 h of 4 GPUs sampled every 10 s through the reducer (1024 columns), with a 2-hour
 * hole in the samples; GPU 2 idles all along. CPU and memory series, a 1-sample run. */
static void page_timeseries(struct dr_doc *doc, struct dr_doc *png, const char *png_path)
{
	struct dr_rect body = dr_page_begin(doc, "The run over time", "python train.py on gpu-node-3");
	struct sr_reducer *gpu = sr_create(1024, 4, 10.0), *cpu = sr_create(1024, 2, 1.0);
	static struct series_buf g[4], cb[2];
	struct dr_ts_series gs[4], cs[2];
	static const char *const gnames[4] = {"GPU 0", "GPU 1", "GPU 2", "GPU 3"};
	static const struct dr_ts_hline idle[] = {
		{61, "GPU 0 idle 61 W", 0}, {58, "GPU 1 idle 58 W", 1}, {55, "GPU 2 idle 55 W", 2}, {63, "GPU 3 idle 63 W", 3},
	};
	static const struct dr_ts_span spans[] = {
		{T_OCT24_NOON + 600, T_OCT24_NOON + 20 * 3600}, {T_OCT24_NOON + 24 * 3600, T_OCT24_NOON + 48 * 3600},
	};
	double one_t = T_OCT24_NOON, one_v = 12.5;
	unsigned char one_b = 1;
	const struct dr_ts_series mem = {"memory (RSS)", &one_t, &one_v, NULL, NULL, &one_b, 1};
	struct dr_timeseries tg, tc, tm;
	struct et_error err = ET_ERROR_INIT;

	for (long i = 0; i <= 49 * 360; i++) {
		double t = T_OCT24_NOON + (double)i * 10, h = (double)i / 360, v[4];

		if (h > 30 && h < 32)
			continue;                          /* the recorder was stopped */
		for (int k = 0; k < 4; k++)
			v[k] = k == 2 ? 55 + (i % 7) * 0.3 : 150 + 100 * sin(h / (3 + k)) + (i % 97 == 0 ? 120 : 0) + 20 * k;
		sr_add(gpu, t, v);
	}
	for (long i = 0; i <= 3000; i++) {
		double t = T_OCT24_NOON - 1800 + (double)i, v[2] = {1.5 + sin(i / 200.0), 6 + 2 * sin(i / 300.0)};

		if (i > 1200 && i < 1500)
			v[0] = NAN;                        /* the scope's processes were gone */
		sr_add(cpu, t, v);
	}
	for (int k = 0; k < 4; k++) {
		export(gpu, (size_t)k, &g[k]);
		gs[k] = (struct dr_ts_series){gnames[k], g[k].t, g[k].mean, g[k].lo, g[k].hi, g[k].brk, g[k].n};
	}
	for (int k = 0; k < 2; k++) {
		export(cpu, (size_t)k, &cb[k]);
		cs[k] = (struct dr_ts_series){k ? "machine" : "job scope", cb[k].t, cb[k].mean, cb[k].lo, cb[k].hi,
					      cb[k].brk, cb[k].n};
	}
	tg = (struct dr_timeseries){"GPU power (min-max band per column, mean line)", gs, 4, idle, 4, spans, 2,
				    "job had a process on the GPU", "GPU power", "W", "Europe/Paris", T_OCT24_NOON,
				    T_OCT24_NOON + 49 * 3600, NAN, NAN};
	tc = (struct dr_timeseries){"CPU in use", cs, 2, NULL, 0, NULL, 0, NULL, "CPU", "cores", "Europe/Paris",
				    NAN, NAN, NAN, NAN};
	tm = (struct dr_timeseries){"Memory (a run of 1 sample)", &mem, 1, NULL, 0, NULL, 0, NULL, "memory", "GB",
				    "Europe/Paris", NAN, NAN, NAN, NAN};
	dr_timeseries(doc, (struct dr_rect){body.x, body.y, body.w, body.h * 0.42}, &tg);
	dr_timeseries(doc, (struct dr_rect){body.x, body.y + body.h * 0.45, body.w, body.h * 0.3}, &tc);
	dr_timeseries(doc, (struct dr_rect){body.x, body.y + body.h * 0.78, body.w, body.h * 0.22}, &tm);
	dr_page_end(doc);

	if (png) {
		dr_timeseries(png, dr_canvas(png), &tg);
		CHECK_INT_EQ(dr_png_write(png, png_path, &err), 0);
	}
	sr_free(gpu);
	sr_free(cpu);
}

/* A week at 1 s with 8 GPUs, through the reducer: day ticks, 8 line styles. */
static void week_png(struct dr_doc *png, const char *path)
{
	struct sr_reducer *r = sr_create(1024, 8, 1.0);
	static struct series_buf b[8];
	struct dr_ts_series s[8];
	static const char *const names[8] = {"GPU 0", "GPU 1", "GPU 2", "GPU 3", "GPU 4", "GPU 5", "GPU 6", "GPU 7"};
	struct dr_timeseries ts;
	struct et_error err = ET_ERROR_INIT;
	double v[8];

	for (long i = 0; i < 7 * 86400; i++) {
		for (int k = 0; k < 8; k++)
			v[k] = 100 + 30 * k + 40 * sin((double)i / (3600.0 * (k + 2)));
		sr_add(r, T_OCT24_NOON + (double)i, v);
	}
	for (int k = 0; k < 8; k++) {
		export(r, (size_t)k, &b[k]);
		s[k] = (struct dr_ts_series){names[k], b[k].t, b[k].mean, b[k].lo, b[k].hi, b[k].brk, b[k].n};
	}
	ts = (struct dr_timeseries){"A week-long run, 8 GPUs", s, 8, NULL, 0, NULL, 0, NULL, "GPU power", "W",
				    "Europe/Paris", NAN, NAN, NAN, NAN};
	dr_timeseries(png, dr_canvas(png), &ts);
	CHECK_INT_EQ(dr_png_write(png, path, &err), 0);
	sr_free(r);
}

/* The deviation of each model from a wattmeter (the seed study's Figure 9): negative
 * and positive bars around 0 %. */
static void deviation_png(struct dr_doc *png, const char *path)
{
	static const double dev[N_MODELS] = {12.3, -8.1, 45.0, -30.2, 2.0, 2.0, -60.5};
	static const char *const group[1] = {"run a.log against the wattmeter (312.4 Wh net of 95 W idle)"};
	const struct dr_grouped g = {"Deviation from the measured energy (before PUE)", group, 1, models, N_MODELS,
				     dev, "deviation from the reference", "%", 1};
	struct et_error err = ET_ERROR_INIT;

	dr_grouped_bars(png, dr_canvas(png), &g);
	CHECK_INT_EQ(dr_png_write(png, path, &err), 0);
}

/* Degenerate inputs draw something sensible (or nothing) and never fail or crash. */
static void degenerate(struct dr_doc *png, const char *path)
{
	const double nan_t = NAN, nan_v = NAN, huge[2] = {1e300, -1e300};
	const struct dr_ts_series empty = {"none", &nan_t, &nan_v, NULL, NULL, NULL, 1};
	const struct dr_timeseries ts = {"nothing", &empty, 1, NULL, 0, NULL, 0, NULL, "x", "W", NULL,
					 NAN, NAN, NAN, NAN};
	const char *const parts[2] = {"a", "b"};
	const struct dr_stack_bar bar = {"huge", huge, NULL};
	const struct dr_stacked st = {"huge", parts, 2, &bar, 1, NULL, "Wh", 1};
	const struct dr_stacked none = {"none", parts, 2, NULL, 0, NULL, "Wh", 1};
	const double neg[2] = {-5.0, NAN};
	const char *const g[1] = {"run"};
	const struct dr_grouped gr = {"negative", g, 1, parts, 2, neg, "deviation", "%", 1};
	const struct dr_day_bar day = {"1 Jan", NAN, 0};
	const struct dr_daychart dc = {"n/a", &day, 1, "intensity", "g/kWh", NULL, 0, NAN, NULL, NULL, 0};
	const struct dr_table_col col = {"h", "u", DR_RIGHT};
	const char *cell = "a very long cell that cannot fit in a tiny table at all, whatever the font";
	const struct dr_table t = {&col, 1, &cell, 1, 0, 0};
	struct dr_rect tiny = {5, 5, 10, 10}, full = dr_canvas(png);
	struct et_error err = ET_ERROR_INIT;
	size_t rows;

	double cw = full.w / 3, ch = full.h / 2;
#define CELL(i) ((struct dr_rect){full.x + cw * ((i) % 3), full.y + ch * ((i) / 3), cw - 8, ch - 8})

	dr_timeseries(png, CELL(0), &ts);
	dr_timeseries(png, tiny, &ts);
	dr_stacked_bars(png, CELL(1), &st);
	dr_stacked_bars(png, tiny, &st);
	dr_stacked_bars(png, CELL(2), &none);
	dr_grouped_bars(png, CELL(3), &gr);
	dr_grouped_bars(png, tiny, &gr);
	dr_daychart(png, CELL(4), &dc);
	dr_daychart(png, tiny, &dc);
	rows = dr_table(png, (struct dr_rect){CELL(5).x, CELL(5).y, 40, 100}, &t, 0, NULL);
	CHECK_INT_EQ(rows, 1);
	CHECK_INT_EQ(dr_table(png, tiny, &t, 0, NULL), 0);    /* no room for the header */
	dr_paragraph(png, (struct dr_rect){CELL(5).x + 50, CELL(5).y, 60, 30}, 8,
		     "some words that will not all fit in sixty points by thirty");
	{	/* a 2,000-character word and blank lines: the paragraph ends (it once looped) */
		static char word[2100];

		memset(word, 'x', 2000);
		memcpy(word + 2000, "\n\n  end", 8);
		CHECK(dr_paragraph(png, (struct dr_rect){CELL(5).x, CELL(5).y + 60, 100, 60}, 8, word) > 0);
	}
	CHECK_INT_EQ(dr_png_write(png, path, &err), 0);
#undef CELL
	CHECK_INT_EQ(dr_png_write(png, "/nonexistent/dir/x.png", &err), -1);
	CHECK(strstr(err.source, "/nonexistent/dir/x.png") != NULL);
}

/* Pixels of a PNG that are not white (for blank-page checks), or -1. */
static long count_ink(const char *path, int *w, int *h)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	long ink = 0;

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return -1;
	}
	cairo_surface_flush(s);
	*w = cairo_image_surface_get_width(s);
	*h = cairo_image_surface_get_height(s);
	for (int y = 0; y < *h; y++) {
		const unsigned char *row = cairo_image_surface_get_data(s) + (size_t)y * (size_t)cairo_image_surface_get_stride(s);

		for (int x = 0; x < *w; x++)
			if ((((const unsigned int *)row)[x] & 0xFFFFFF) != 0xFFFFFF)
				ink++;
	}
	cairo_surface_destroy(s);
	return ink;
}

int main(int argc, char **argv)
{
	const struct dr_meta meta = {"energytrack 0.1.0", (time_t)1796029200, NULL};   /* 2026-11-30 10:00 CET */
	struct et_error err = ET_ERROR_INIT;
	struct dr_doc *doc, *png;
	char pdf_path[512], png_path[512], week_path[512];
	int w = 0, h = 0;

	setenv("TZ", "Europe/Paris", 1);
	tzset();
	setlocale(LC_ALL, "");      /* t_draw.sh runs it with a decimal-comma locale */
	if (argc == 3 && strcmp(argv[1], "ink") == 0) {     /* t_draw.sh: ink PNG */
		long ink = count_ink(argv[2], &w, &h);

		printf("%ld %d %d\n", ink, w, h);
		return ink < 0;
	}
	if (argc == 3 && strcmp(argv[1], "blank") == 0) {   /* t_draw.sh: a white 200 x 100 px PNG */
		struct dr_doc *blank = dr_png_open(100, 50, 2.0, &meta, &err);
		int rc = !blank || dr_png_write(blank, argv[2], &err) < 0;

		dr_close(blank, &err);
		return rc;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: test_draw OUTDIR | test_draw ink|blank FILE.png\n");
		return 2;
	}
	test_fmt();
	test_time_ticks();
	snprintf(pdf_path, sizeof(pdf_path), "%s/sample.pdf", argv[1]);
	snprintf(png_path, sizeof(png_path), "%s/gpu.png", argv[1]);
	doc = dr_pdf_open(pdf_path, &meta, &err);
	png = dr_png_open(600, 300, 2.0, &meta, &err);
	CHECK(doc != NULL && png != NULL);
	if (!doc || !png) {
		et_error_print(&err);
		return TEST_SUMMARY();
	}
	page_summary(doc);
	page_models(doc);
	page_timeseries(doc, png, png_path);
	CHECK_INT_EQ(dr_page_count(doc), 3);
	snprintf(week_path, sizeof(week_path), "%s/week.png", argv[1]);
	week_png(png, week_path);
	snprintf(week_path, sizeof(week_path), "%s/deviation.png", argv[1]);
	deviation_png(png, week_path);
	snprintf(week_path, sizeof(week_path), "%s/degenerate.png", argv[1]);
	degenerate(png, week_path);
	CHECK_INT_EQ(dr_close(doc, &err), 0);
	CHECK_INT_EQ(dr_close(png, &err), 0);
	/* the PNG decodes at 600 x 300 pt x 2 px/pt and is not blank */
	CHECK(count_ink(png_path, &w, &h) > 20000);
	CHECK_INT_EQ(w, 1200);
	CHECK_INT_EQ(h, 600);
	/* an unwritable path is an error naming it */
	CHECK(dr_pdf_open("/nonexistent/dir/x.pdf", &meta, &err) == NULL);
	CHECK(strstr(err.source, "/nonexistent/dir/x.pdf") != NULL);
	/* a missing font is an error, not a crash */
	{
		const struct dr_meta bad = {"x", 0, "/nonexistent"};

		CHECK(dr_pdf_open(pdf_path, &bad, &err) == NULL);
		CHECK(strstr(err.source, "/nonexistent/DejaVuSans.ttf") != NULL);
	}
	return TEST_SUMMARY();
}
