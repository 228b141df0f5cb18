/*
 * kernel/params.c - the kernel command line, parsed once at boot.
 *
 * known_params[] lists every word the kernel itself understands; a word
 * not in it belongs to init.  Keep the list in step with README.md's
 * command-line table.  Linux: kernel/params.c and init/main.c
 * (unknown_bootoption()).
 */
#include <mneme/kernel.h>
#include <mneme/params.h>
#include <mneme/printk.h>
#include <mneme/string.h>
#include <uapi/errno.h>

static const char *const known_params[] = {
	"init", "console", "loglevel", "pftrace", "ktest", "mem", "crash",
	"fail_page_alloc", "slub_debug", "bench", "slabinfo", "vmallocinfo",
};

static struct cmdline kernel_cmdline;
static const struct cmdline_word *init_words[CMDLINE_MAX_WORDS];
static int nr_init_words;
static bool cmdline_truncated;
static const char *cmdline_text = "";

static bool is_known(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(known_params); i++)
		if (strcmp(known_params[i], key) == 0)
			return true;
	return false;
}

void params_init(const char *text)
{
	cmdline_text = text ? text : "";
	cmdline_truncated = cmdline_parse(&kernel_cmdline, text) != 0;
	nr_init_words = 0;
	for (int i = 0; i < kernel_cmdline.nr_words; i++)
		if (!is_known(kernel_cmdline.words[i].key))
			init_words[nr_init_words++] = &kernel_cmdline.words[i];
}

const char *param_get(const char *key)
{
	return cmdline_get(&kernel_cmdline, key);
}

bool param_has(const char *key)
{
	return cmdline_has(&kernel_cmdline, key);
}

u64 param_get_u64(const char *key, u64 def)
{
	const char *v = param_get(key);
	u64 n;

	if (!v)
		return def;
	if (cmdline_parse_u64(v, &n)) {
		pr_warn("%s=%s: not a number, using %lu\n", key, v,
			(unsigned long)def);
		return def;
	}
	return n;
}

int param_init_words(const struct cmdline_word **words)
{
	for (int i = 0; i < nr_init_words; i++)
		words[i] = init_words[i];
	return nr_init_words;
}

void params_print(void)
{
	pr_notice("Kernel command line: %s\n", cmdline_text);
	if (cmdline_truncated)
		pr_warn("Kernel command line too long (over %d bytes or %d words): the rest is ignored\n",
			CMDLINE_MAX, CMDLINE_MAX_WORDS);
	if (!nr_init_words)
		return;
	pr_notice("Unknown kernel command line parameters \"");
	for (int i = 0; i < nr_init_words; i++) {
		const struct cmdline_word *w = init_words[i];

		pr_cont("%s%s%s%s", i ? " " : "", w->key, w->value ? "=" : "",
			w->value ? w->value : "");
	}
	pr_cont("\", will be passed to user space.\n");
}
