/*
 * lib/pftrace.c - the pure half of the page-fault trace: outcome names,
 * one fault's line from plain values, and /proc/sys/vm/pftrace's text.
 *
 * mm/pftrace.c gathers the facts of a fault (current, the VMA, the
 * frames) into a struct pftrace_record and prints what pftrace_format()
 * makes of it; fs/proc/proc_sysctl.c reads and writes the sysctl through
 * pftrace_parse() and pftrace_show().  Nothing here touches the kernel's
 * state, so tests/host/test_pftrace.c checks it all on the host.
 * Invariant: pftrace_show(v) parses back to v for every value
 * pftrace_parse() can give.  Linux has no such trace (its nearest are the
 * exceptions:page_fault_user tracepoint and `perf trace -F`).
 */
#include <mneme/pftrace.h>	/* first: <mneme/compiler.h> before any libc header */
#include <mneme/cmdline.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>
#include <uapi/errno.h>

#define PFTRACE_PID_PREFIX "pid:"
#define PFTRACE_INT_MAX	0x7fffffffUL	/* pids are ints */

static const char *const pf_outcome_names[PF_NR_OUTCOMES] = {
	[PF_ZERO_PAGE]	= "zero-page",
	[PF_ANON_NEW]	= "anon-new",
	[PF_FILE_MAP]	= "file-map",
	[PF_FILE_COW]	= "file-cow",
	[PF_COW_COPY]	= "cow-copy",
	[PF_COW_REUSE]	= "cow-reuse",
	[PF_STACK_GROW]	= "stack-grow",
	[PF_SEGV]	= "segv",
	[PF_SIGBUS]	= "sigbus",
	[PF_SWAP_IN]	= "swap-in",
};

const char *pf_outcome_name(enum pf_outcome outcome)
{
	if ((unsigned int)outcome >= PF_NR_OUTCOMES)
		return "unknown";
	return pf_outcome_names[outcome];
}

bool pftrace_pid_wanted(int setting, int pid)
{
	return setting == PFTRACE_ALL || (setting > 0 && pid == setting);
}

static const char *pftrace_access(const struct pftrace_record *r)
{
	if (r->exec)
		return "exec";
	return r->write ? "write" : "read";
}

/*
 * pfdemo[7] 0x7f3a1000 ip 0x401136 write user vma 7f3a0000-7f3b0000 rw-p
 * cow-copy pfn 0x1f3a2 old_pfn 0x1e000 (one line, "pftrace: " before it).
 */
int pftrace_format(char *buf, size_t size, const struct pftrace_record *r)
{
	int n = scnprintf(buf, size, "pftrace: %.*s[%d] %#lx ip %#lx %s %s ",
			  PFTRACE_COMM_LEN, r->comm, r->pid, r->address, r->ip,
			  pftrace_access(r), r->user ? "user" : "kernel");

	if (r->has_vma)
		n += scnprintf(buf + n, size - n, "vma %lx-%lx %.4s ", r->vm_start,
			       r->vm_end, r->perms);
	else
		n += scnprintf(buf + n, size - n, "no vma ");
	n += scnprintf(buf + n, size - n, "%s", pf_outcome_name(r->outcome));
	/*
	 * 0 says "no page": a fault ending in a signal maps none, and
	 * stack-grow's line comes before the page is mapped.  (Frame 0 is
	 * never a user page: memblock keeps the real-mode area reserved.)
	 */
	if (r->pfn)
		n += scnprintf(buf + n, size - n, " pfn %#lx", r->pfn);
	if (r->old_pfn)
		n += scnprintf(buf + n, size - n, " old_pfn %#lx", r->old_pfn);
	return n;
}

/* A decimal number that fits an int, no sign, no leading '+': 0 or -EINVAL. */
static int parse_decimal(const char *s, int *out)
{
	u64 v;

	if (!*s || (s[0] == '0' && s[1]))	/* "", or "0x..."/"007" */
		return -EINVAL;
	if (cmdline_parse_u64(s, &v) || v > PFTRACE_INT_MAX)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

int pftrace_parse(const char *text, int *value)
{
	char word[24];
	size_t len = strlen(text);
	int n;

	if (len && text[len - 1] == '\n')
		len--;
	if (len == 0 || len >= sizeof(word))
		return -EINVAL;
	memcpy(word, text, len);
	word[len] = '\0';
	if (strcmp(word, "-1") == 0) {
		*value = PFTRACE_ALL;
		return 0;
	}
	if (strncmp(word, PFTRACE_PID_PREFIX, strlen(PFTRACE_PID_PREFIX)) == 0) {
		if (parse_decimal(word + strlen(PFTRACE_PID_PREFIX), &n) || n == 0)
			return -EINVAL;
		*value = n;
		return 0;
	}
	if (parse_decimal(word, &n))
		return -EINVAL;
	*value = n == 1 ? PFTRACE_ALL : n;
	return 0;
}

int pftrace_show(char *buf, size_t size, int value)
{
	if (value == PFTRACE_ALL)
		return snprintf(buf, size, "1");
	if (value == 1)
		return snprintf(buf, size, PFTRACE_PID_PREFIX "1");
	return snprintf(buf, size, "%d", value);	/* 0, or a pid >= 2 */
}
