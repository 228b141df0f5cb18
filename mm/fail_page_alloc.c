/*
 * mm/fail_page_alloc.c - make page allocations fail on purpose.
 *
 * fail_page_alloc=PROBABILITY[,INTERVAL] on the command line: of every
 * INTERVAL-th eligible allocation (default: every one), PROBABILITY percent
 * fail.  __GFP_NOFAIL allocations never do.  Every caller's failure path
 * can then be exercised, which is how "allocation can fail" becomes a
 * tested promise instead of a hope.  Linux: mm/fail_page_alloc.c with
 * lib/fault-inject.c (which also has times= and space=; a /proc knob comes
 * with procfs).  Note the order: Linux's boot option is
 * fail_page_alloc=INTERVAL,PROBABILITY,SPACE,TIMES; ours puts the
 * probability first because it is the number a student changes.
 */
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/printk.h>
#include <mneme/string.h>
#include <mneme/cmdline.h>

static struct {
	unsigned int probability;	/* percent, 0 = off */
	unsigned long interval;		/* consider every interval-th call */
	unsigned long calls;		/* eligible calls seen */
	unsigned long injected;		/* failures made */
	u64 rng;			/* xorshift64 state */
} fail_page_alloc = { .interval = 1, .rng = 0x9e3779b97f4a7c15ULL };

static u64 xorshift64(u64 *state)
{
	u64 x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

bool should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	if (!fail_page_alloc.probability || (gfp & __GFP_NOFAIL))
		return false;
	if (++fail_page_alloc.calls % fail_page_alloc.interval)
		return false;
	if (xorshift64(&fail_page_alloc.rng) % 100 >= fail_page_alloc.probability)
		return false;
	fail_page_alloc.injected++;
	return true;
}

unsigned long fail_page_alloc_injected(void)
{
	return fail_page_alloc.injected;
}

/*
 * Parse "PROBABILITY[,INTERVAL]"; "0" turns injection off.  A spec too
 * long for buf is refused rather than cut short: "0...050" cut after the
 * 5 would quietly mean 5 %.
 */
void fail_page_alloc_setup(const char *spec)
{
	char buf[32], *comma;
	u64 prob, interval = 1;

	if (strlcpy(buf, spec, sizeof(buf)) >= sizeof(buf))
		goto out_invalid;
	comma = strchr(buf, ',');
	if (comma)
		*comma = '\0';
	if (cmdline_parse_u64(buf, &prob) || prob > 100 ||
	    (comma && (cmdline_parse_u64(comma + 1, &interval) || !interval)))
		goto out_invalid;
	fail_page_alloc.probability = (unsigned int)prob;
	fail_page_alloc.interval = interval;
	fail_page_alloc.calls = 0;
	if (prob)
		pr_notice("fail_page_alloc: %u%% of page allocations fail (considering 1 in %lu)\n",
			  fail_page_alloc.probability, (unsigned long)interval);
	return;
out_invalid:
	pr_err("fail_page_alloc=%s: expected PROBABILITY[,INTERVAL] with PROBABILITY 0..100 and INTERVAL >= 1; injection stays off\n",
	       spec);
}
