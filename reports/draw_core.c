/* draw_core.c - documents (A4 PDF, PNG), embedded fonts, pages with title and footer,
 * text, locale-proof numbers, the palette, nice ticks and legends (see draw.h). */
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "draw_internal.h"
#include "et_grow.h"

/* Where distributions put DejaVu Sans: Debian and Ubuntu (fonts-dejavu-core) first. */
static const char *const font_dirs[] = {
	"/usr/share/fonts/truetype/dejavu",       /* Debian, Ubuntu */
	"/usr/share/fonts/dejavu-sans-fonts",     /* Fedora, RHEL */
	"/usr/share/fonts/TTF",                   /* Arch */
	"/usr/share/fonts/dejavu",                /* Alpine */
};

/* ---- fonts: a FreeType face per cairo font face, freed with it ---- */

struct ft_holder {
	FT_Library lib;
	FT_Face face;
};

static const cairo_user_data_key_t ft_holder_key;

static void ft_holder_free(void *p)
{
	struct ft_holder *h = p;

	if (!h)
		return;
	if (h->face)
		FT_Done_Face(h->face);
	if (h->lib)
		FT_Done_FreeType(h->lib);
	free(h);
}

static cairo_font_face_t *load_font(const char *dir, const char *file, struct et_error *err)
{
	char path[512];
	struct ft_holder *h = calloc(1, sizeof(*h));
	cairo_font_face_t *face;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (!h) {
		et_error_set(err, path, 0, "out of memory");
		return NULL;
	}
	if (FT_Init_FreeType(&h->lib) != 0) {
		free(h);
		et_error_set(err, path, 0, "cannot initialise FreeType");
		return NULL;
	}
	if (FT_New_Face(h->lib, path, 0, &h->face) != 0) {
		ft_holder_free(h);
		et_error_set(err, path, 0, "cannot load this font (install fonts-dejavu-core)");
		return NULL;
	}
	face = cairo_ft_font_face_create_for_ft_face(h->face, 0);
	if (cairo_font_face_status(face) != CAIRO_STATUS_SUCCESS ||
	    cairo_font_face_set_user_data(face, &ft_holder_key, h, ft_holder_free) != CAIRO_STATUS_SUCCESS) {
		cairo_font_face_destroy(face);
		ft_holder_free(h);
		et_error_set(err, path, 0, "cairo cannot use this font");
		return NULL;
	}
	return face;
}

static struct dr_doc *doc_new(enum dr_kind kind, double w, double h, const struct dr_meta *meta,
			      struct et_error *err)
{
	struct dr_doc *doc = calloc(1, sizeof(*doc));
	const char *dir = meta && meta->font_dir ? meta->font_dir : font_dirs[0];

	if (!doc) {
		et_error_set(err, "", 0, "out of memory");
		return NULL;
	}
	doc->kind = kind;
	doc->width = w;
	doc->height = h;
	doc->px_per_pt = 1.0;
	snprintf(doc->tool, sizeof(doc->tool), "%s", meta && meta->tool ? meta->tool : "energytrack");
	doc->generated = meta ? meta->generated : 0;
	if (!(meta && meta->font_dir))
		for (size_t i = 0; i < sizeof(font_dirs) / sizeof(font_dirs[0]); i++) {
			char path[512];

			snprintf(path, sizeof(path), "%s/DejaVuSans.ttf", font_dirs[i]);
			if (access(path, R_OK) == 0) {
				dir = font_dirs[i];
				break;
			}
		}
	doc->font = load_font(dir, "DejaVuSans.ttf", err);
	if (!doc->font)
		goto fail;
	doc->bold = load_font(dir, "DejaVuSans-Bold.ttf", err);
	if (!doc->bold)
		goto fail;
	return doc;
fail:
	if (doc->font)
		cairo_font_face_destroy(doc->font);
	free(doc);
	return NULL;
}

static void doc_free(struct dr_doc *doc)
{
	for (size_t i = 0; i < doc->n_held; i++)
		cairo_surface_destroy(doc->held[i]);
	free(doc->held);
	if (doc->pdf_cr) {   /* a page was being recorded */
		cairo_destroy(doc->cr);
		doc->cr = doc->pdf_cr;
	}
	if (doc->cr)
		cairo_destroy(doc->cr);
	if (doc->surface)
		cairo_surface_destroy(doc->surface);
	cairo_font_face_destroy(doc->font);
	cairo_font_face_destroy(doc->bold);
	free(doc);
}

struct dr_doc *dr_pdf_open(const char *path, const struct dr_meta *meta, struct et_error *err)
{
	struct dr_doc *doc = doc_new(DR_PDF, DR_A4_W, DR_A4_H, meta, err);
	char creator[160];

	if (!doc)
		return NULL;
	doc->surface = cairo_pdf_surface_create(path, DR_A4_W, DR_A4_H);
	if (cairo_surface_status(doc->surface) != CAIRO_STATUS_SUCCESS) {
		et_error_set(err, path, 0, "cannot write: %s",
			     cairo_status_to_string(cairo_surface_status(doc->surface)));
		doc_free(doc);
		return NULL;
	}
	snprintf(creator, sizeof(creator), "%s", doc->tool);
	cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_CREATOR, creator);
	doc->cr = cairo_create(doc->surface);
	return doc;
}

static void clear_white(struct dr_doc *doc)
{
	cairo_save(doc->cr);
	cairo_identity_matrix(doc->cr);
	cairo_set_source_rgb(doc->cr, 1, 1, 1);
	cairo_paint(doc->cr);
	cairo_restore(doc->cr);
}

struct dr_doc *dr_png_open(double width_pt, double height_pt, double px_per_pt,
			   const struct dr_meta *meta, struct et_error *err)
{
	struct dr_doc *doc;
	int wpx = (int)lround(width_pt * px_per_pt), hpx = (int)lround(height_pt * px_per_pt);

	if (!(px_per_pt > 0) || wpx < 16 || hpx < 16 || wpx > 16384 || hpx > 16384) {
		et_error_set(err, "", 0, "an image of %.0f x %.0f pixels is out of range", width_pt * px_per_pt,
			     height_pt * px_per_pt);
		return NULL;
	}
	doc = doc_new(DR_PNG, width_pt, height_pt, meta, err);
	if (!doc)
		return NULL;
	doc->px_per_pt = px_per_pt;
	doc->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, wpx, hpx);
	doc->cr = cairo_create(doc->surface);
	if (cairo_status(doc->cr) != CAIRO_STATUS_SUCCESS) {
		et_error_set(err, "", 0, "cannot create an image: %s", cairo_status_to_string(cairo_status(doc->cr)));
		doc_free(doc);
		return NULL;
	}
	cairo_scale(doc->cr, px_per_pt, px_per_pt);
	clear_white(doc);
	return doc;
}

int dr_png_write(struct dr_doc *doc, const char *path, struct et_error *err)
{
	cairo_status_t st;

	if (doc->kind != DR_PNG)
		return et_error_set(err, path, 0, "not an image document");
	cairo_surface_flush(doc->surface);
	st = cairo_surface_write_to_png(doc->surface, path);
	clear_white(doc);
	if (st != CAIRO_STATUS_SUCCESS)
		return et_error_set(err, path, 0, "cannot write: %s", cairo_status_to_string(st));
	return 0;
}

int dr_close(struct dr_doc *doc, struct et_error *err)
{
	cairo_status_t st;
	int rc = 0;

	if (!doc)
		return 0;
	if (doc->in_page)
		dr_page_end(doc);
	for (size_t i = 0; i < doc->n_held; i++) {   /* the recorded pages, after the front ones */
		cairo_set_source_surface(doc->cr, doc->held[i], 0, 0);
		cairo_paint(doc->cr);
		cairo_show_page(doc->cr);
	}
	st = cairo_status(doc->cr);
	cairo_destroy(doc->cr);
	doc->cr = NULL;
	cairo_surface_finish(doc->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(doc->surface);
	if (st != CAIRO_STATUS_SUCCESS)
		rc = et_error_set(err, "", 0, "drawing failed: %s", cairo_status_to_string(st));
	else if (doc->lost_pages)
		rc = et_error_set(err, "", 0, "drawing failed: out of memory");
	doc_free(doc);
	return rc;
}

/* ---- pages ---- */

struct dr_rect dr_canvas(const struct dr_doc *doc)
{
	double m = doc->kind == DR_PDF ? DR_MARGIN : 10.0;

	return (struct dr_rect){m, m, doc->width - 2 * m, doc->height - 2 * m};
}

struct dr_rect dr_page_begin(struct dr_doc *doc, const char *title, const char *subtitle)
{
	struct dr_rect c = dr_canvas(doc), body;
	double y = c.y + 14;

	if (doc->in_page)
		dr_page_end(doc);
	doc->page++;
	doc->number = doc->deferring || doc->front_reserved == 0 ? doc->page : ++doc->front_drawn;
	doc->in_page = 1;
	if (doc->deferring) {
		cairo_rectangle_t a4 = {0, 0, DR_A4_W, DR_A4_H};
		cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &a4);

		doc->pdf_cr = doc->cr;
		doc->cr = cairo_create(rec);
		cairo_surface_destroy(rec);   /* the context holds it */
	}
	clear_white(doc);
	cairo_set_source_rgb(doc->cr, 0, 0, 0);
	dr_text_fit(doc, c.x, y, 15, 1, DR_LEFT, c.w, title ? title : "");
	if (subtitle) {
		y += 15;
		dr_set_grey(doc, 0.25);
		dr_text_fit(doc, c.x, y, 9, 0, DR_LEFT, c.w, subtitle);
	}
	y += 7;
	dr_set_grey(doc, 0.6);
	cairo_set_line_width(doc->cr, 0.6);
	cairo_move_to(doc->cr, c.x, y);
	cairo_line_to(doc->cr, c.x + c.w, y);
	cairo_stroke(doc->cr);
	body = dr_page_body(doc, subtitle != NULL);
	return body;
}

struct dr_rect dr_page_body(const struct dr_doc *doc, int with_subtitle)
{
	struct dr_rect c = dr_canvas(doc), body;
	double y = c.y + 14 + (with_subtitle ? 15 : 0) + 7;   /* as dr_page_begin draws them */

	body.x = c.x;
	body.y = y + 12;
	body.w = c.w;
	body.h = c.y + c.h - 24 - body.y;    /* the footer's band */
	return body;
}

void dr_page_end(struct dr_doc *doc)
{
	struct dr_rect c = dr_canvas(doc);
	char when[64] = "", left[256], right[32];
	struct tm tm;
	double y = c.y + c.h;

	if (!doc->in_page)
		return;
	if (localtime_r(&doc->generated, &tm)) {
		char off[16] = "";

		strftime(when, sizeof(when), "%Y-%m-%d %H:%M %Z", &tm);
		strftime(off, sizeof(off), "%z", &tm);
		if (strlen(off) == 5)
			snprintf(when + strlen(when), sizeof(when) - strlen(when), " (UTC%.3s:%.2s)", off, off + 3);
	}
	snprintf(left, sizeof(left), "%s \xC2\xB7 generated %s", doc->tool, when);
	snprintf(right, sizeof(right), "page %d", doc->number);
	dr_set_grey(doc, 0.6);
	cairo_set_line_width(doc->cr, 0.6);
	cairo_move_to(doc->cr, c.x, y - 12);
	cairo_line_to(doc->cr, c.x + c.w, y - 12);
	cairo_stroke(doc->cr);
	dr_set_grey(doc, 0.3);
	dr_text(doc, c.x + c.w, y, DR_FONT_SMALL, 0, DR_RIGHT, right);
	dr_text_fit(doc, c.x, y, DR_FONT_SMALL, 0, DR_LEFT, c.w - dr_text_width(doc, DR_FONT_SMALL, 0, right) - 12,
		    left);
	if (doc->pdf_cr) {
		cairo_surface_t **grown = et_grow(doc->held, &doc->cap_held, doc->n_held + 1, sizeof(*grown));

		if (grown) {
			doc->held = grown;
			doc->held[doc->n_held++] = cairo_surface_reference(cairo_get_target(doc->cr));
		} else {
			doc->lost_pages++;   /* out of memory: dr_close fails */
		}
		cairo_destroy(doc->cr);
		doc->cr = doc->pdf_cr;
		doc->pdf_cr = NULL;
	} else if (doc->kind == DR_PDF) {
		cairo_show_page(doc->cr);
	}
	doc->in_page = 0;
}

void dr_ink(struct dr_doc *doc, double grey)
{
	dr_set_grey(doc, grey);
}

double dr_heading(struct dr_doc *doc, struct dr_rect r, const char *text)
{
	cairo_set_source_rgb(doc->cr, 0, 0, 0);
	dr_text_fit(doc, r.x, r.y + 10, 10, 1, DR_LEFT, r.w, text);
	return 16;
}

int dr_page_count(const struct dr_doc *doc)
{
	return doc->page;
}

void dr_pdf_defer(struct dr_doc *doc, int front_pages)
{
	if (doc->kind != DR_PDF || front_pages <= 0 || doc->page > 0)
		return;
	if (doc->in_page)
		dr_page_end(doc);
	doc->deferring = 1;
	doc->front_reserved = front_pages;
	doc->page = front_pages;
}

void dr_pdf_front(struct dr_doc *doc)
{
	if (doc->in_page)
		dr_page_end(doc);
	doc->deferring = 0;
}

/* ---- text ---- */

void dr_font(struct dr_doc *doc, double size, int bold)
{
	cairo_set_font_face(doc->cr, bold ? doc->bold : doc->font);
	cairo_set_font_size(doc->cr, size);
}

double dr_text_width(struct dr_doc *doc, double size, int bold, const char *text)
{
	cairo_text_extents_t ext;

	dr_font(doc, size, bold);
	cairo_text_extents(doc->cr, text, &ext);
	return ext.x_advance;
}

double dr_text(struct dr_doc *doc, double x, double y, double size, int bold, enum dr_align align,
	       const char *text)
{
	double w = dr_text_width(doc, size, bold, text);

	if (align == DR_RIGHT)
		x -= w;
	else if (align == DR_CENTER)
		x -= w / 2;
	cairo_move_to(doc->cr, x, y);
	cairo_show_text(doc->cr, text);
	cairo_new_path(doc->cr);
	return w;
}

/* Length in bytes of the longest prefix of text, cut at a UTF-8 character boundary,
 * that is at most max_w wide followed by suffix. */
static size_t fit_prefix(struct dr_doc *doc, double size, int bold, const char *text, double max_w,
			 const char *suffix)
{
	size_t len = strlen(text), best = 0;
	char buf[512];

	for (size_t n = 1; n <= len && n < sizeof(buf) - 8; n++) {
		if (n < len && (text[n] & 0xC0) == 0x80)
			continue;                       /* inside a character */
		snprintf(buf, sizeof(buf), "%.*s%s", (int)n, text, suffix);
		if (dr_text_width(doc, size, bold, buf) > max_w)
			break;
		best = n;
	}
	return best;
}

double dr_text_fit(struct dr_doc *doc, double x, double y, double size, int bold, enum dr_align align,
		   double max_w, const char *text)
{
	char buf[512];
	size_t n;

	if (dr_text_width(doc, size, bold, text) <= max_w)
		return dr_text(doc, x, y, size, bold, align, text);
	n = fit_prefix(doc, size, bold, text, max_w, "\xE2\x80\xA6");
	if (n == 0)
		return 0;
	snprintf(buf, sizeof(buf), "%.*s\xE2\x80\xA6", (int)n, text);
	return dr_text(doc, x, y, size, bold, align, buf);
}

void dr_text_vertical(struct dr_doc *doc, double x, double y, double size, double max_len, const char *text)
{
	double w = dr_text_width(doc, size, 0, text);
	const char *unit = strrchr(text, '(');
	char shorter[128];

	/* "carbon intensity (gCO2e/kWh)" beside a short plot: its unit alone, rather than
	 * a title too small to read */
	if (w > max_len && max_len > 0 && max_len / w < 0.8 && unit && unit > text &&
	    snprintf(shorter, sizeof(shorter), "%.*s", (int)strcspn(unit + 1, ")"), unit + 1) > 0) {
		text = shorter;
		w = dr_text_width(doc, size, 0, text);
	}
	if (w > max_len && max_len > 0) {   /* the font is set by dr_text_width: scale it */
		size *= max_len / w;
		w = dr_text_width(doc, size, 0, text);
	}

	cairo_save(doc->cr);
	cairo_translate(doc->cr, x, y);
	cairo_rotate(doc->cr, -M_PI / 2);
	cairo_move_to(doc->cr, -w / 2, 0);
	cairo_show_text(doc->cr, text);
	cairo_new_path(doc->cr);
	cairo_restore(doc->cr);
}

double dr_paragraph(struct dr_doc *doc, struct dr_rect r, double size, const char *text)
{
	double line_h = size * 1.3, y = r.y + size;
	const char *p = text;
	char line[1024];

	while (*p) {
		size_t best = 0, n = 0;
		int last_line = y + line_h > r.y + r.h;

		while (p[n] && p[n] != '\n') {
			size_t m = n;

			while (p[m] == ' ')
				m++;
			while (p[m] && p[m] != ' ' && p[m] != '\n')
				m++;
			if (m >= sizeof(line))
				break;
			snprintf(line, sizeof(line), "%.*s", (int)m, p);
			if (dr_text_width(doc, size, 0, line) > r.w && best > 0)
				break;
			best = m;
			n = m;
		}
		if (best == 0) {          /* one word wider than the line, or an empty line */
			best = strcspn(p, " \n");
			if (best >= sizeof(line))
				best = sizeof(line) - 1;
			if (best == 0 && *p == ' ')
				best = 1;
		}
		snprintf(line, sizeof(line), "%.*s", (int)(best < sizeof(line) ? best : sizeof(line) - 1), p);
		p += best;
		while (*p == ' ')
			p++;
		if (*p == '\n')
			p++;
		if (last_line && *p) {
			char cut[1100];

			snprintf(cut, sizeof(cut), "%s \xE2\x80\xA6", line);
			dr_text_fit(doc, r.x, y, size, 0, DR_LEFT, r.w, cut);
			return y - r.y + size * 0.3;
		}
		dr_text_fit(doc, r.x, y, size, 0, DR_LEFT, r.w, line);
		if (!*p)
			break;
		y += line_h;
	}
	return y - r.y + size * 0.3;
}

char *dr_fmt(char *buf, size_t size, double v, int decimals)
{
	long long scale = 1, whole, frac;
	double scaled;
	int neg;

	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	if (decimals < 0) {   /* -n: n significant digits */
		int digits = -decimals, mag = v != 0 ? (int)floor(log10(fabs(v))) : 0;
		decimals = digits - 1 - mag;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	scaled = fabs(v) * (double)scale;
	if (scaled >= 9.0e18) {            /* beyond long long: fall back to %e, '.' fixed below */
		snprintf(buf, size, "%.3e", v);
		for (char *p = buf; *p; p++)
			if (*p == ',')
				*p = '.';
		return buf;
	}
	scaled = floor(scaled + 0.5);
	neg = v < 0 && scaled > 0;
	whole = (long long)scaled / scale;
	frac = (long long)scaled % scale;
	if (decimals > 0)
		snprintf(buf, size, "%s%lld.%0*lld", neg ? "-" : "", whole, decimals, frac);
	else
		snprintf(buf, size, "%s%lld", neg ? "-" : "", whole);
	return buf;
}

/* ---- palette ---- */

/* Okabe-Ito colours, ordered so that neighbours differ in lightness; greyscale
 * lightness (0.299 R + 0.587 G + 0.114 B) in the comments. From the fourth fill on,
 * hatching tells apart those that would print as similar greys. */
static const double fills[8][3] = {
	{0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0},   /* blue            87 */
	{0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0},   /* orange         162 */
	{0xF0 / 255.0, 0xE4 / 255.0, 0x42 / 255.0},   /* yellow         213 */
	{0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0},   /* bluish green   106, hatched / */
	{0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0},   /* sky blue       158, hatched \ */
	{0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0},   /* vermillion     119, cross-hatched */
	{0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0},   /* reddish purple 151, hatched - */
	{0x99 / 255.0, 0x99 / 255.0, 0x99 / 255.0},   /* grey           153, hatched | */
};
static const double lines[8][3] = {
	{0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0},   /* blue, solid */
	{0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0},   /* vermillion, dashed */
	{0x00 / 255.0, 0x00 / 255.0, 0x00 / 255.0},   /* black, dotted */
	{0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0},   /* bluish green, dash-dot */
	{0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0},   /* reddish purple, long dash */
	{0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0},   /* orange, short dash */
	{0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0},   /* sky blue, dash-dot-dot */
	{0x66 / 255.0, 0x66 / 255.0, 0x66 / 255.0},   /* grey, solid */
};

void dr_set_fill(struct dr_doc *doc, int index)
{
	const double *c = fills[(index % 8 + 8) % 8];

	cairo_set_source_rgb(doc->cr, c[0], c[1], c[2]);
}

void dr_fill_path(struct dr_doc *doc, int index, struct dr_rect b)
{
	int i = (index % 8 + 8) % 8;
	cairo_t *cr = doc->cr;
	double step = 3.5;

	cairo_save(cr);
	dr_set_fill(doc, i);
	cairo_fill_preserve(cr);
	cairo_clip(cr);
	if (i >= 3) {
		cairo_set_source_rgba(cr, i == 3 || i == 4 ? 1 : 0, i == 3 || i == 4 ? 1 : 0,
				      i == 3 || i == 4 ? 1 : 0, 0.55);
		cairo_set_line_width(cr, 0.7);
		for (double d = -b.h; d < b.w + b.h; d += step) {
			if (i == 3 || i == 5) {          /* / */
				cairo_move_to(cr, b.x + d, b.y + b.h);
				cairo_line_to(cr, b.x + d + b.h, b.y);
			}
			if (i == 4 || i == 5) {          /* \ */
				cairo_move_to(cr, b.x + d, b.y);
				cairo_line_to(cr, b.x + d + b.h, b.y + b.h);
			}
		}
		if (i == 6)
			for (double y = b.y + step / 2; y < b.y + b.h; y += step) {
				cairo_move_to(cr, b.x, y);
				cairo_line_to(cr, b.x + b.w, y);
			}
		if (i == 7)
			for (double x = b.x + step / 2; x < b.x + b.w; x += step) {
				cairo_move_to(cr, x, b.y);
				cairo_line_to(cr, x, b.y + b.h);
			}
		cairo_stroke(cr);
	}
	cairo_restore(cr);
	cairo_new_path(cr);
}

void dr_set_text_on_fill(struct dr_doc *doc, int index)
{
	const double *c = fills[(index % 8 + 8) % 8];
	double lum = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];

	if (lum < 0.5)
		cairo_set_source_rgb(doc->cr, 1, 1, 1);
	else
		cairo_set_source_rgb(doc->cr, 0, 0, 0);
}

static void set_dash(cairo_t *cr, int i, double width)
{
	static const double pat[8][4] = {
		{0}, {5, 2.5}, {1, 1.8}, {6, 2, 1.2, 2}, {10, 3}, {2.5, 2.5}, {6, 1.5, 1.2, 1.5}, {0},
	};
	static const int n[8] = {0, 2, 2, 4, 2, 2, 4, 0};
	double scaled[4];

	for (int k = 0; k < n[i]; k++)
		scaled[k] = pat[i][k] * (width < 1 ? 1 : width);
	cairo_set_dash(cr, scaled, n[i], 0);
}

void dr_set_line(struct dr_doc *doc, int index, double width)
{
	int i = (index % 8 + 8) % 8;

	cairo_set_source_rgb(doc->cr, lines[i][0], lines[i][1], lines[i][2]);
	cairo_set_line_width(doc->cr, width);
	set_dash(doc->cr, i, width);
}

void dr_set_line_rgba(struct dr_doc *doc, int index, double alpha)
{
	int i = (index % 8 + 8) % 8;

	cairo_set_source_rgba(doc->cr, lines[i][0], lines[i][1], lines[i][2], alpha);
}

void dr_set_grey(struct dr_doc *doc, double level)
{
	cairo_set_source_rgb(doc->cr, level, level, level);
}

/* ---- ticks ---- */

void dr_nice_ticks(double lo, double hi, int target, double *first, double *step, int *decimals)
{
	double range = hi - lo, raw, mag, norm, s;
	int d;

	if (target < 1)
		target = 1;
	if (!(range > 0))
		range = fabs(hi) > 0 ? fabs(hi) : 1;
	raw = range / target;
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	s = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
	d = (int)-floor(log10(s) + 1e-9);
	if (fabs(s / pow(10, -d) - round(s / pow(10, -d))) > 1e-6)
		d++;                          /* 2.5, 0.25 ... */
	*step = s;
	*first = ceil(lo / s - 1e-9) * s;
	*decimals = d < 0 ? 0 : d;
}

void dr_nice_range(double *lo, double *hi, int target)
{
	double first, step;
	int d;

	dr_nice_ticks(*lo, *hi, target, &first, &step, &d);
	*lo = floor(*lo / step + 1e-9) * step;
	*hi = ceil(*hi / step - 1e-9) * step;
	if (!(*hi > *lo))
		*hi = *lo + step;
}

/* ---- legends and titles ---- */

static double legend_entry_width(struct dr_doc *doc, const struct dr_legend_entry *e)
{
	return 22 + dr_text_width(doc, DR_FONT, 0, e->text) + 12;
}

double dr_legend(struct dr_doc *doc, double x, double y, double width,
		 const struct dr_legend_entry *e, size_t n, int draw)
{
	double cx = x, line_h = DR_FONT * 1.6, h = n ? line_h : 0;
	cairo_t *cr = doc->cr;

	for (size_t i = 0; i < n; i++) {
		double w = fmin(legend_entry_width(doc, &e[i]), width), mid;

		if (cx > x && cx + w > x + width) {
			cx = x;
			y += line_h;
			h += line_h;
		}
		if (!draw) {
			cx += w;
			continue;
		}
		mid = y + line_h / 2;
		if (e[i].kind == 0) {
			struct dr_rect b = {cx, mid - 4.5, 16, 9};

			cairo_rectangle(cr, b.x, b.y, b.w, b.h);
			dr_fill_path(doc, e[i].index, b);
			dr_set_grey(doc, 0.2);
			cairo_set_line_width(cr, 0.4);
			cairo_rectangle(cr, b.x, b.y, b.w, b.h);
			cairo_stroke(cr);
		} else if (e[i].kind == 1 || e[i].kind == 3) {
			if (e[i].kind == 1) {
				dr_set_line_rgba(doc, e[i].index, 0.25);
				cairo_rectangle(cr, cx, mid - 3.5, 18, 7);
				cairo_fill(cr);
				dr_set_line(doc, e[i].index, 1.4);
			} else {
				static const double dash[2] = {3, 2};

				cairo_set_source_rgb(cr, 0, 0, 0);
				cairo_set_line_width(cr, 0.8);
				cairo_set_dash(cr, dash, 2, 0);
			}
			cairo_move_to(cr, cx, mid);
			cairo_line_to(cr, cx + 18, mid);
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
		} else {
			cairo_set_source_rgba(cr, 0, 0, 0, 0.12);
			cairo_rectangle(cr, cx, mid - 4.5, 16, 9);
			cairo_fill(cr);
		}
		cairo_set_source_rgb(cr, 0, 0, 0);
		/* an entry wider than the legend is shortened with "..." */
		dr_text_fit(doc, cx + 22, mid + DR_FONT * 0.35, DR_FONT, 0, DR_LEFT, w - 22 - 4, e[i].text);
		cx += w;
	}
	return h;
}

double dr_chart_title(struct dr_doc *doc, struct dr_rect r, const char *title)
{
	if (!title || !*title)
		return 0;
	cairo_set_source_rgb(doc->cr, 0, 0, 0);
	dr_text_fit(doc, r.x, r.y + DR_FONT_TITLE, DR_FONT_TITLE, 1, DR_LEFT, r.w, title);
	return DR_FONT_TITLE * 1.6;
}

void dr_no_data(struct dr_doc *doc, struct dr_rect r, const char *text)
{
	dr_set_grey(doc, 0.45);
	dr_text_fit(doc, r.x + r.w / 2, r.y + r.h / 2, DR_FONT, 0, DR_CENTER, r.w, text);
}
