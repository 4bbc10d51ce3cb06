/* rapl.c - RAPL zones under powercap: discovery (name, range, parent), one pread of
 * each kept-open energy_uj per sample, unwrapping, and the R records. */
#include "rapl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "et_logfmt.h"
#include "proc_parse.h"

#define RAPL_MAX_NAMES 256   /* zone directories looked at, of which RAPL_MAX_ZONES kept */

/* A powercap zone directory etrec reads: intel-rapl:<n>[:<m>...] or amd-rapl:...; not
 * the control types themselves (no ':') nor intel-rapl-mmio:*, which reads the same
 * package counters a second way. */
static int is_rapl_zone(const char *name)
{
	return strncmp(name, "intel-rapl:", 11) == 0 || strncmp(name, "amd-rapl:", 9) == 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Read <root>/<zone>/<file> into buf without its final newline. Returns 0 or -1 (errno). */
static int read_zone_file(const char *root, const char *zone, const char *file, char *buf, size_t cap)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s/%s/%s", root, zone, file) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	long n = read_small_file(AT_FDCWD, path, buf, cap);
	if (n < 0)
		return -1;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

/* Open energy_uj of zone z (path and name set) and check it reads as a counter.
 * Returns 0, or -1 with errno set. */
static int open_energy(const char *root, struct rapl_zone *z)
{
	char path[PATH_MAX], buf[64];
	unsigned long long v;
	if (snprintf(path, sizeof path, "%s/%s/energy_uj", root, z->path) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	z->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (z->fd < 0)
		return -1;
	long n = pread_small(z->fd, buf, sizeof buf);
	if (n <= 0 || parse_u64_text(buf, (size_t)n, &v) < 0) {
		int saved = n < 0 ? errno : EINVAL;
		close(z->fd);
		z->fd = -1;
		errno = saved;
		return -1;
	}
	return 0;
}

void rapl_open(struct rapl_reader *r, const char *root)
{
	memset(r, 0, sizeof *r);
	for (int i = 0; i < RAPL_MAX_ZONES; i++)
		r->zones[i].fd = -1;
	if (!root || !*root)
		root = RAPL_ROOT;
	DIR *d = opendir(root);
	if (!d) {
		snprintf(r->source, sizeof r->source, "none: cannot open %.300s: %s", root, strerror(errno));
		return;
	}
	/* All the names first (readdir's order is no order), then the first zones in path
	 * order: whole packages with their parts, never a part without its package. */
	char names[RAPL_MAX_NAMES][64];
	size_t found = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && found < RAPL_MAX_NAMES)
		if (is_rapl_zone(e->d_name) && strlen(e->d_name) < sizeof names[0])
			memcpy(names[found++], e->d_name, strlen(e->d_name) + 1);
	closedir(d);
	qsort(names, found, sizeof names[0], by_path);   /* a parent before its children */

	size_t unreadable = 0;
	int first_errno = 0;
	for (size_t i = 0; i < found && r->nzones < RAPL_MAX_ZONES; i++) {
		struct rapl_zone *z = &r->zones[r->nzones];
		char range[64];
		memcpy(z->path, names[i], sizeof z->path);
		if (read_zone_file(root, z->path, "name", z->name, sizeof z->name) < 0)
			memcpy(z->name, z->path, sizeof z->name);
		errno = 0;                     /* a range that is not a number sets none */
		if (read_zone_file(root, z->path, "max_energy_range_uj", range, sizeof range) < 0 ||
		    parse_u64_text(range, strlen(range), &z->max_range_uj) < 0 || z->max_range_uj == 0 ||
		    open_energy(root, z) < 0) {
			if (!unreadable++)
				first_errno = errno ? errno : EINVAL;
			memset(z, 0, sizeof *z);
			z->fd = -1;
			continue;
		}
		/* The parent is the zone named by the path without its last ":<n>". */
		z->parent = -1;
		const char *colon = strrchr(z->path, ':');
		size_t plen = (size_t)(colon - z->path);
		for (int k = 0; k < r->nzones; k++)
			if (strlen(r->zones[k].path) == plen && strncmp(r->zones[k].path, z->path, plen) == 0)
				z->parent = k;
		if (z->parent < 0 && strchr(z->path, ':') != colon) {
			close(z->fd);      /* a part whose package is not recorded would pass for one */
			memset(z, 0, sizeof *z);
			z->fd = -1;
			continue;
		}
		r->nzones++;
	}
	if (r->nzones)
		snprintf(r->source, sizeof r->source, "powercap %.400s", root);
	else if (!found)
		snprintf(r->source, sizeof r->source, "none: %.400s has no intel-rapl zone", root);
	else if (first_errno == EACCES || first_errno == EPERM)
		snprintf(r->source, sizeof r->source, "none: %zu zone%s found, energy_uj readable by "
		         "root only", found, found == 1 ? "" : "s");
	else
		snprintf(r->source, sizeof r->source, "none: %zu zone%s found, energy_uj unreadable: %s",
		         found, found == 1 ? "" : "s", strerror(first_errno));
}

void rapl_close(struct rapl_reader *r)
{
	for (int i = 0; i < r->nzones; i++)
		if (r->zones[i].fd >= 0) {
			close(r->zones[i].fd);
			r->zones[i].fd = -1;
		}
}

void rapl_zone_update(struct rapl_zone *z, unsigned long long raw)
{
	if (z->have_raw) {
		if (raw >= z->last_raw)
			z->total_uj += raw - z->last_raw;
		else    /* one wrap: from last_raw up to the range, then from 0 to raw */
			z->total_uj += z->max_range_uj - z->last_raw + raw + 1;
	}
	z->last_raw = raw;
	z->have_raw = 1;
}

void rapl_sample(struct rapl_reader *r, struct stamp now, struct etlog *log)
{
	int failed = -1;
	const char *why = "";
	for (int i = 0; i < r->nzones; i++) {
		struct rapl_zone *z = &r->zones[i];
		char buf[64];
		unsigned long long raw;
		long n = pread_small(z->fd, buf, sizeof buf);
		int ok = n > 0 && parse_u64_text(buf, (size_t)n, &raw) == 0;
		if (ok)
			rapl_zone_update(z, raw);
		else if (failed < 0) {
			failed = i;
			why = n < 0 ? strerror(errno) : "not a counter";
		}
		struct textbuf *tb = &log->line;
		etlog_begin(log, ET_REC_RAPL, now);
		tb_addc(tb, ',');
		tb_add_i64(tb, i);
		tb_addc(tb, ',');
		tb_add_u64_or_na(tb, z->total_uj, ok);
		tb_addc(tb, '\n');
		etlog_write(log, tb);
	}
	/* after the R records, which follow their S record right away */
	if (failed >= 0 && !r->warned++)
		etlog_warning(log, now, "cannot read RAPL %s/energy_uj (%s): NA (further failures "
		              "not reported)", r->zones[failed].path, why);
}

void rapl_header_json(const struct rapl_reader *r, struct textbuf *tb)
{
	tb_adds(tb, "{\"source\":");
	tb_add_json_string(tb, r->source, 0);
	tb_adds(tb, ",\"zones\":[");
	for (int i = 0; i < r->nzones; i++) {
		const struct rapl_zone *z = &r->zones[i];
		tb_addf(tb, "%s{\"id\":%d,\"path\":", i ? "," : "", i);
		tb_add_json_string(tb, z->path, 0);
		tb_adds(tb, ",\"name\":");
		tb_add_json_string(tb, z->name, 0);
		if (z->parent >= 0)
			tb_addf(tb, ",\"parent\":%d", z->parent);
		else
			tb_adds(tb, ",\"parent\":null");
		tb_addf(tb, ",\"max_energy_range_uj\":%llu}", z->max_range_uj);
	}
	tb_adds(tb, "]}");
}
