/*
 * pftrace.h - the page-fault trace: one line per fault, for teaching.
 *
 * The fault handler (mm/memory.c) calls pftrace_fault() once per fault,
 * when it knows the outcome; mm/pftrace.c decides whether to print it:
 * `pftrace` on the command line or /proc/sys/vm/pftrace says 0 (off),
 * 1 (every fault), or a pid (that process only).  When off, the cost is
 * one load and a branch (pftrace_wanted()).  A line reads like
 *
 *   pftrace: pfdemo[7] 0x7f3a1000 ip 0x401136 write user vma 7f3a0000-7f3b0000 rw-p anon-new pfn 0x1f3a2
 *
 * Linux has no such line; its closest tools are the exceptions:page_fault_user
 * tracepoint and perf trace -F.  This is the interface between the fault
 * handler and the trace; both sides keep it.
 */
#ifndef MNEME_PFTRACE_H
#define MNEME_PFTRACE_H

#include <mneme/compiler.h>
#include <mneme/types.h>

struct vm_area_struct;

/* What a fault turned out to be (the trace's last words). */
enum pf_outcome {
	PF_ZERO_PAGE,		/* read of untouched anonymous memory: the shared zero page */
	PF_ANON_NEW,		/* write to untouched anonymous memory: a new zeroed page */
	PF_FILE_MAP,		/* a page-cache page mapped as it is */
	PF_FILE_COW,		/* private write to a file page: a copy */
	PF_COW_COPY,		/* write to a shared copy-on-write page: copied */
	PF_COW_REUSE,		/* write to a copy-on-write page we alone use: made writable */
	PF_STACK_GROW,		/* below the stack: the stack VMA grew */
	PF_SEGV,		/* no VMA, or the access is not allowed: SIGSEGV */
	PF_SIGBUS,		/* a file mapping beyond end of file: SIGBUS */
	PF_SWAP_IN,		/* later: read back from swap */
	PF_NR_OUTCOMES
};

/* 0: off; -1: every process; > 0: only this pid (/proc/sys/vm/pftrace). */
extern int sysctl_pftrace;
#define PFTRACE_ALL	(-1)	/* sysctl_pftrace: every process */

static inline bool pftrace_wanted(void)
{
	return unlikely(READ_ONCE(sysctl_pftrace) != 0);
}

/*
 * Print the line for one fault of current at address (instruction ip,
 * FAULT_FLAG_* in flags) in vma (NULL when there is none), its outcome,
 * and the frames involved (pfn: the page now mapped; old_pfn: the page
 * copied from, or 0).  Does nothing unless the trace wants current.
 */
void pftrace_fault(const struct vm_area_struct *vma, unsigned long address,
		   unsigned long ip, unsigned int flags, enum pf_outcome outcome,
		   unsigned long pfn, unsigned long old_pfn);

/* At boot: `pftrace` (every process) or `pftrace=PID` on the command line. */
void pftrace_setup(void);

/* The outcome's name as the trace prints it ("zero-page", "cow-copy", ...). */
const char *pf_outcome_name(enum pf_outcome outcome);

/*
 * The pure half of the trace (lib/pftrace.c, host-tested): one fault's
 * facts as plain values, turned into the line, and the sysctl's text.
 */
#define PFTRACE_COMM_LEN	16	/* TASK_COMM_LEN */
#define PFTRACE_LINE_MAX	256	/* a line, with the longest comm and numbers */

struct pftrace_record {
	int pid;
	char comm[PFTRACE_COMM_LEN];
	unsigned long address, ip;
	bool write, exec, user;		/* from FAULT_FLAG_* */
	bool has_vma;
	unsigned long vm_start, vm_end;
	char perms[5];			/* "rw-p": as /proc/<pid>/maps prints them */
	enum pf_outcome outcome;
	unsigned long pfn, old_pfn;	/* 0: none */
};

/* Whether the setting (sysctl_pftrace's value) watches process pid. */
bool pftrace_pid_wanted(int setting, int pid);

/* Format r as one trace line (no newline) into buf: snprintf's return. */
int pftrace_format(char *buf, size_t size, const struct pftrace_record *r);

/*
 * /proc/sys/vm/pftrace's text: "0" off, "1" (or "-1") every process,
 * "N" for N >= 2 process N, "pid:N" process N for any N >= 1 (the only
 * way to name pid 1, since "1" means all); one trailing newline allowed.
 * pftrace_parse() stores the sysctl_pftrace value (0, -1, or a pid) in
 * *value: 0, or -EINVAL for anything else.  pftrace_show() writes what a
 * read gives back, which parses to the same value: snprintf's return.
 */
int pftrace_parse(const char *text, int *value);
int pftrace_show(char *buf, size_t size, int value);
#define PFTRACE_SHOW_MAX	24	/* "pid:" and an int, NUL included */

#endif
