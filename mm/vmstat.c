/*
 * mm/vmstat.c - the global memory counters (states and events) and the
 * per-mm RSS counters: storage and updates.  /proc/vmstat prints them
 * (fs/proc/); see include/mneme/vmstat.h for what each one counts.
 *
 * Invariant: every update runs with interrupts off, so a counter read
 * with interrupts off is exact on this one CPU.
 * Linux: mm/vmstat.c, include/linux/mm.h (get_mm_counter).
 */
#include <mneme/irqflags.h>
#include <mneme/pgtable.h>
#include <mneme/vmstat.h>

_Static_assert(sizeof(((struct mm_struct *)0)->rss_stat) / sizeof(long) == NR_MM_COUNTERS,
	       "mm_struct.rss_stat must have NR_MM_COUNTERS slots");

long vm_node_stat[NR_VM_NODE_STAT_ITEMS];
unsigned long vm_events[NR_VM_EVENT_ITEMS];

const char *const node_stat_name[NR_VM_NODE_STAT_ITEMS] = {
	[NR_ANON_MAPPED] = "nr_anon_pages",
	[NR_FILE_MAPPED] = "nr_mapped",
	[NR_SHMEM] = "nr_shmem",
	[NR_KERNEL_STACK_KB] = "nr_kernel_stack",
};

const char *const vm_event_name[NR_VM_EVENT_ITEMS] = {
	[PGFAULT] = "pgfault",
	[PGMAJFAULT] = "pgmajfault",
	[PGALLOC] = "pgalloc",
	[PGFREE] = "pgfree",
	[ZERO_PAGE_FAULT] = "zero_page_fault",
	[ANON_FAULT] = "anon_fault",
	[FILE_FAULT] = "file_fault",
	[COW_FAULT] = "cow_fault",
	[COW_REUSE] = "cow_reuse",
	[STACK_GROW] = "stack_grow",
	[SEGV_FAULT] = "segv_fault",
};

void mod_node_page_state(enum node_stat_item item, long delta)
{
	unsigned long flags = local_irq_save();

	vm_node_stat[item] += delta;
	local_irq_restore(flags);
}

void count_vm_events(enum vm_event_item item, unsigned long delta)
{
	unsigned long flags = local_irq_save();

	vm_events[item] += delta;
	local_irq_restore(flags);
}

unsigned long get_mm_counter(const struct mm_struct *mm, int member)
{
	long v = mm->rss_stat[member];

	return v < 0 ? 0 : (unsigned long)v;	/* Linux: a racing update may dip below 0 */
}

void add_mm_counter(struct mm_struct *mm, int member, long value)
{
	unsigned long flags = local_irq_save();

	mm->rss_stat[member] += value;
	local_irq_restore(flags);
}

unsigned long get_mm_rss(const struct mm_struct *mm)
{
	return get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_ANONPAGES) +
	       get_mm_counter(mm, MM_SHMEMPAGES);
}
