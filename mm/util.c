/*
 * mm/util.c - the overcommit policy's tunables and the commit totals
 * behind /proc/meminfo's CommitLimit and Committed_AS.
 *
 * vm.overcommit_memory (0 heuristic, 1 always, 2 never) and
 * vm.overcommit_ratio (percent of RAM that mode 2 allows, plus swap) are
 * stored and reported only: no mmap or brk is refused on their account
 * yet (enforcement, Linux's __vm_enough_memory(), is a later issue).
 * mm_committed_pages() is one mm's share of Committed_AS: its VMAs
 * that are private and writable, or have VM_ACCOUNT (the memory they
 * could need if every page were written); /proc/meminfo sums it over
 * all mms at open (fs/proc/meminfo.c), where Linux keeps
 * vm_committed_as, a counter updated at each mapping change.
 * Locking: one CPU; the mm's VMAs do not change during the walk (no
 * sleep in it).
 * Linux: mm/util.c (sysctl_overcommit_*, vm_commit_limit), mm/mmap.c
 * (accountable_mapping).
 */
#include <mneme/mm.h>
#include <mneme/pgtable.h>

#define OVERCOMMIT_RATIO_DEFAULT	50	/* Linux's */
#define PERCENT				100

int sysctl_overcommit_memory = OVERCOMMIT_GUESS;
int sysctl_overcommit_ratio = OVERCOMMIT_RATIO_DEFAULT;

/* Pages mode 2 would allow: RAM * ratio / 100 + swap (none yet). */
unsigned long vm_commit_limit(void)
{
	return totalram_pages * (unsigned long)sysctl_overcommit_ratio / PERCENT;
}

/* Private writable (or explicitly accounted) VMAs: what Linux charges. */
static bool vma_is_committed(const struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_ACCOUNT)
		return true;
	return (vma->vm_flags & (VM_WRITE | VM_SHARED | VM_NORESERVE)) == VM_WRITE;
}

unsigned long mm_committed_pages(const struct mm_struct *mm)
{
	unsigned long pages = 0;

	for (const struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next)
		if (vma_is_committed(vma))
			pages += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	return pages;
}
