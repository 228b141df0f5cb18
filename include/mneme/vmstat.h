/*
 * vmstat.h - the global memory counters behind /proc/vmstat and
 * /proc/meminfo, and the per-mm RSS counters behind /proc/<pid>/status.
 *
 * Two kinds, as in Linux:
 *   - states (enum node_stat_item): how many pages are in some state
 *     now (anonymous, mapped, page tables...); they go up and down.
 *   - events (enum vm_event_item): how often something happened since
 *     boot (faults, allocations, copy-on-write copies); only ever up.
 * One CPU, so plain longs updated with interrupts off where an interrupt
 * could race (Linux: per-CPU deltas folded into atomics).  Zone counters
 * (free pages, allocations per zone) stay in struct zone (mmzone.h).
 *
 * Per mm: rss_stat[MM_FILEPAGES / MM_ANONPAGES / MM_SWAPENTS / MM_SHMEMPAGES],
 * kept by whoever maps or unmaps a user page (mm/memory.c).
 * Linux: include/linux/vmstat.h, mmzone.h (node_stat_item), vm_event_item.h,
 * mm_types.h (mm_rss_stat).
 */
#ifndef MNEME_VMSTAT_H
#define MNEME_VMSTAT_H

#include <mneme/types.h>

struct mm_struct;

enum node_stat_item {
	NR_ANON_MAPPED,		/* anonymous pages mapped by user page tables (nr_anon_pages) */
	NR_FILE_MAPPED,		/* page-cache pages mapped into user space (nr_mapped) */
	NR_SHMEM,		/* shared anonymous (shmem) pages */
	NR_KERNEL_STACK_KB,	/* kernel stacks, in KiB */
	NR_VM_NODE_STAT_ITEMS
};

enum vm_event_item {
	PGFAULT,		/* every page fault handled */
	PGMAJFAULT,		/* faults that had to wait for I/O (later: swap, disk) */
	PGALLOC,		/* pages allocated (all zones) */
	PGFREE,			/* pages freed */
	ZERO_PAGE_FAULT,	/* reads mapped to the zero page */
	ANON_FAULT,		/* new zeroed anonymous pages */
	FILE_FAULT,		/* page-cache pages mapped by a fault */
	COW_FAULT,		/* copy-on-write copies */
	COW_REUSE,		/* copy-on-write pages reused in place */
	STACK_GROW,		/* stack VMA growths */
	SEGV_FAULT,		/* faults that ended in SIGSEGV or SIGBUS */
	NR_VM_EVENT_ITEMS
};

extern long vm_node_stat[NR_VM_NODE_STAT_ITEMS];
extern unsigned long vm_events[NR_VM_EVENT_ITEMS];

void mod_node_page_state(enum node_stat_item item, long delta);
static inline void inc_node_page_state(enum node_stat_item item)
{
	mod_node_page_state(item, 1);
}
static inline void dec_node_page_state(enum node_stat_item item)
{
	mod_node_page_state(item, -1);
}
static inline unsigned long global_node_page_state(enum node_stat_item item)
{
	long v = vm_node_stat[item];

	return v < 0 ? 0 : (unsigned long)v;
}

void count_vm_events(enum vm_event_item item, unsigned long delta);
static inline void count_vm_event(enum vm_event_item item)
{
	count_vm_events(item, 1);
}

/* The names /proc/vmstat prints, in enum order. */
extern const char *const node_stat_name[NR_VM_NODE_STAT_ITEMS];
extern const char *const vm_event_name[NR_VM_EVENT_ITEMS];

/* Per-mm resident-set counters (Linux's mm_rss_stat). */
enum {
	MM_FILEPAGES,		/* page-cache pages mapped */
	MM_ANONPAGES,		/* anonymous pages mapped */
	MM_SWAPENTS,		/* pages out on swap (later) */
	MM_SHMEMPAGES,		/* shared anonymous pages mapped */
	NR_MM_COUNTERS
};

unsigned long get_mm_counter(const struct mm_struct *mm, int member);
void add_mm_counter(struct mm_struct *mm, int member, long value);
static inline void inc_mm_counter(struct mm_struct *mm, int member)
{
	add_mm_counter(mm, member, 1);
}
static inline void dec_mm_counter(struct mm_struct *mm, int member)
{
	add_mm_counter(mm, member, -1);
}
/* Resident pages: file + anon + shmem. */
unsigned long get_mm_rss(const struct mm_struct *mm);

#endif
