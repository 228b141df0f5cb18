/*
 * mm/pftrace_stub.c - stand-in until the pftrace branch lands: delete on
 * merge.  The trace is off (sysctl_pftrace 0), so pftrace_wanted() is
 * false and the fault handler never calls pftrace_fault(); these exist
 * only so the kernel links.  The real ones: mm/pftrace.c.
 */
#include <mneme/pftrace.h>

int sysctl_pftrace;

void pftrace_fault(const struct vm_area_struct *vma, unsigned long address,
		   unsigned long ip, unsigned int flags, enum pf_outcome outcome,
		   unsigned long pfn, unsigned long old_pfn)
{
	(void)vma, (void)address, (void)ip, (void)flags, (void)outcome, (void)pfn, (void)old_pfn;
}

const char *pf_outcome_name(enum pf_outcome outcome)
{
	(void)outcome;
	return "?";
}
