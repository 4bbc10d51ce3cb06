/* datadir.h - where etest finds its data/ folder (power tables, intensity history) and
 * its intensity cache, from the environment, the build tree or the install prefix. */
#ifndef ET_DATADIR_H
#define ET_DATADIR_H

#include <stddef.h>

/* Write the data folder to buf (size n): $ETEST_DATA_DIR if set and not empty; else the
 * source tree's data/ when the running executable lies in the build tree; else
 * <exe>/../share/energytrack when that folder exists (a relocated install); else the
 * configured install folder. Returns buf (cut to fit). */
const char *et_data_dir(char *buf, size_t n);

/* Write the intensity cache path to buf (size n): option if not NULL, else
 * $ETEST_CACHE, else $XDG_CACHE_HOME/energytrack/intensity.sqlite (an absolute
 * XDG_CACHE_HOME only, as the XDG spec says), else $HOME/.cache/energytrack/intensity.sqlite.
 * Returns buf, or NULL when none can be formed (no HOME, or longer than n). */
const char *et_cache_path(const char *option, char *buf, size_t n);

#endif
