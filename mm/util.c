/*
 * mm/util.c - the overcommit policy's tunables and the commit totals
 * behind /proc/meminfo's CommitLimit and Committed_AS.
 *
 * vm.overcommit_memory (0 heuristic, 1 always, 2 never) and
 * vm.overcommit_ratio (percent of RAM that mode 2 allows, plus swap) are
 * stored and reported only: no mmap or brk is refused on their account
 * yet (enforcement, Linux's __vm_enough_memory(), is a later issue).
 * Committed_AS is computed when asked, by walking every task's VMAs
 * (Linux keeps vm_committed_as, a counter updated at each mapping
 * change; a walk at read time gives the same number with no counter to
 * keep right, and /proc/meminfo is read rarely).  A mapping counts when
 * it is private and writable, or has VM_ACCOUNT: the memory it could
 * need if every page were written.
 * Locking: one CPU; tasks and their VMAs do not change during the walk
 * (no sleep in it).
 * Linux: mm/util.c (sysctl_overcommit_*, vm_commit_limit,
 * vm_memory_committed), mm/mmap.c (accountable_mapping).
 */
#include <mneme/mm.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>

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

/* Whether an earlier task on the list shares p's mm (count each mm once). */
static bool mm_seen_before(const struct task_struct *p)
{
	const struct task_struct *q = &init_task;

	do {
		if (q == p)
			return false;
		if (q->mm == p->mm)
			return true;
		q = list_entry(q->tasks.next, struct task_struct, tasks);
	} while (q != &init_task);
	return false;
}

unsigned long vm_memory_committed(void)
{
	const struct task_struct *p = &init_task;
	unsigned long pages = 0;

	do {
		if (p->mm && !mm_seen_before(p))
			pages += mm_committed_pages(p->mm);
		p = list_entry(p->tasks.next, struct task_struct, tasks);
	} while (p != &init_task);
	return pages;
}
