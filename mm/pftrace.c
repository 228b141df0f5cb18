/*
 * mm/pftrace.c - the page-fault trace: one KERN_INFO line per fault.
 *
 * The fault handler (mm/memory.c, mm/filemap.c) calls pftrace_fault()
 * once per fault, when it knows how the fault ended; this file decides
 * whether current is being watched and prints the line that
 * lib/pftrace.c formats.  It owns sysctl_pftrace: 0 off, PFTRACE_ALL
 * every process, > 0 one pid (set at boot by `pftrace` or `pftrace=PID`,
 * pftrace_setup(), and later through /proc/sys/vm/pftrace).  Invariant:
 * with sysctl_pftrace 0 a fault costs one load and a branch
 * (pftrace_wanted(), inline in the header).  No locking: the value is one
 * int read once per fault (READ_ONCE), and a change takes effect from
 * the next fault.
 *
 * Each line goes through printk(), so it lands in the log buffer (dmesg)
 * and on every console.  Consoles are slow: a serial or VGA console
 * shows some hundreds of lines a second, and a busybox shell
 * starting up faults some hundreds of times, so tracing every process
 * floods the console; trace one pid to watch a program.  Linux has no
 * such line; the closest are the exceptions:page_fault_user tracepoint
 * (arch/x86/mm/fault.c) and `perf trace -F all`, which go to a ring
 * buffer read by a tool instead of the console.
 */
#include <mneme/mm.h>
#include <mneme/params.h>
#include <mneme/pftrace.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/string.h>

int sysctl_pftrace;

_Static_assert(PFTRACE_COMM_LEN == TASK_COMM_LEN, "the trace shows the whole comm");

/* `pftrace` alone traces every process, `pftrace=PID` (or pid:PID) one. */
void pftrace_setup(void)
{
	const char *value = param_get("pftrace");
	int v;

	if (!param_has("pftrace"))
		return;
	if (!value) {
		v = PFTRACE_ALL;
	} else if (pftrace_parse(value, &v)) {
		pr_warn("pftrace=%s: not 0, 1 or a pid; tracing every process\n", value);
		v = PFTRACE_ALL;
	}
	sysctl_pftrace = v;
	if (v == PFTRACE_ALL)
		pr_info("pftrace: tracing the page faults of every process\n");
	else if (v > 0)
		pr_info("pftrace: tracing the page faults of pid %d\n", v);
}

/* "rw-p" as /proc/<pid>/maps shows the VMA's rights. */
static void vma_perms(const struct vm_area_struct *vma, char perms[5])
{
	perms[0] = vma->vm_flags & VM_READ ? 'r' : '-';
	perms[1] = vma->vm_flags & VM_WRITE ? 'w' : '-';
	perms[2] = vma->vm_flags & VM_EXEC ? 'x' : '-';
	perms[3] = vma->vm_flags & VM_MAYSHARE ? 's' : 'p';
	perms[4] = '\0';
}

void pftrace_fault(const struct vm_area_struct *vma, unsigned long address,
		   unsigned long ip, unsigned int flags, enum pf_outcome outcome,
		   unsigned long pfn, unsigned long old_pfn)
{
	struct pftrace_record r = {
		.pid = current->pid, .address = address, .ip = ip,
		.write = flags & FAULT_FLAG_WRITE,
		.exec = flags & FAULT_FLAG_INSTRUCTION,
		.user = flags & FAULT_FLAG_USER,
		.outcome = outcome, .pfn = pfn, .old_pfn = old_pfn,
	};
	char line[PFTRACE_LINE_MAX];

	if (!pftrace_wanted() || !pftrace_pid_wanted(READ_ONCE(sysctl_pftrace), current->pid))
		return;
	memcpy(r.comm, current->comm, sizeof(r.comm));
	r.comm[sizeof(r.comm) - 1] = '\0';
	if (vma) {
		r.has_vma = true;
		r.vm_start = vma->vm_start;
		r.vm_end = vma->vm_end;
		vma_perms(vma, r.perms);
	}
	pftrace_format(line, sizeof(line), &r);
	pr_info("%s\n", line);
}
