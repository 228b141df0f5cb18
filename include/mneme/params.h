/*
 * params.h - the running kernel's command line (kernel/params.c).
 *
 * Kernel parameters: init=, console=, loglevel=, pftrace, ktest=, mem=,
 * crash=, and the ones later issues add to known_params[] in params.c.
 * Every other word is kept, in order, for init (Linux does the same:
 * "Unknown kernel command line parameters ... will be passed to user
 * space").
 */
#ifndef MNEME_PARAMS_H
#define MNEME_PARAMS_H

#include <mneme/cmdline.h>

void params_init(const char *text);	/* parse boot_info.cmdline */
const char *param_get(const char *key);	/* value of key=value, or NULL */
bool param_has(const char *key);	/* key present, as flag or key=value */
/* Unsigned number value of key, or def when absent or malformed. */
u64 param_get_u64(const char *key, u64 def);
/* The words meant for init, as "word" or "key=value". */
int param_init_words(const struct cmdline_word **words);
void params_print(void);		/* log the command line and init's words */

#endif
