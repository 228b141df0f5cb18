/*
 * fs/proc/meminfo.c - /proc/meminfo and /proc/vmstat: the whole
 * system's memory, in Linux's formats (free, top, ps and vmstat parse
 * them).
 *
 * Where each number comes from:
 *   free pages          the buddy and per-CPU lists (nr_free_pages(),
 *                       nr_free_pcp_pages())
 *   page cache          global_file_pages() (mm/filemap.c)
 *   anon/mapped/shmem   vm_node_stat[] (mm/vmstat.c), kept by mm/memory.c
 *   slab                get_slab_totals() (mm/slub.c); nothing is marked
 *                       reclaimable yet, so SReclaimable is 0
 *   kernel stacks       NR_KERNEL_STACK_KB, or one THREAD_SIZE per live
 *                       task while fork does not keep that counter
 *   page tables         nr_page_table_pages (mm/memory.c)
 *   vmalloc             vmalloc_nr_pages(), VMALLOC_SIZE
 *   commit              vm_commit_limit() (mm/util.c); Committed_AS sums
 *                       mm_committed_pages() over every task's mm, at open
 *   events              vm_events[], and pgalloc_<zone>/pgfree from the zones
 * There is no LRU yet (no reclaim), so the LRU lines are a fixed split:
 * every anonymous page counts as Active(anon) and every page-cache page
 * as Inactive(file), the lists a new page of each kind starts on in
 * Linux; the other two lists and Unevictable/Mlocked are 0.  No swap, no
 * buffer heads, no dirty accounting: those lines read 0.
 * Everything is read once, at open, with no lock (one CPU; a reader may
 * see counters from either side of an interrupt's update, as on Linux).
 * Linux: fs/proc/meminfo.c, mm/vmstat.c (vmstat_show), mm/page_alloc.c
 * (si_mem_available).
 */
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/pagemap.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/vmalloc.h>
#include <mneme/vmstat.h>
#include "internal.h"

#define K(pages)	((unsigned long)(pages) << (PAGE_SHIFT - 10))
#define THREAD_SIZE_KB	(THREAD_SIZE / 1024)

/* One sample of every counter both files print. */
struct mem_sample {
	unsigned long free, file, anon, mapped, shmem;
	unsigned long slab_reclaimable, slab_unreclaimable;
	unsigned long kernel_stack_kb, page_tables;
};

/* Kernel stacks alive: every task's that has not been freed yet. */
static unsigned long nr_kernel_stacks(void)
{
	struct task_struct *p;
	unsigned long n = init_task.stack ? 1 : 0;

	list_for_each_entry(p, &init_task.tasks, tasks)
		n += p->stack != NULL;
	return n;
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

/* Committed_AS: every mm's share, each mm once (Linux: vm_memory_committed()). */
static unsigned long vm_memory_committed(void)
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

static void mem_sample(struct mem_sample *s)
{
	struct slab_totals st;

	get_slab_totals(&st);
	/*
	 * The per-CPU lists' pages count as free too (Linux leaves them out):
	 * how many wait there varies by a batch from run to run, which would
	 * make the test runner's exact leak check (MemFree + Slab) see ghosts.
	 */
	s->free = nr_free_pages() + nr_free_pcp_pages();
	s->file = global_file_pages();
	s->anon = global_node_page_state(NR_ANON_MAPPED);
	s->mapped = global_node_page_state(NR_FILE_MAPPED);
	s->shmem = global_node_page_state(NR_SHMEM);
	s->slab_reclaimable = 0;	/* no cache is SLAB_RECLAIM_ACCOUNT yet */
	s->slab_unreclaimable = st.slab_pages + st.large_kmalloc_pages;
	s->kernel_stack_kb = global_node_page_state(NR_KERNEL_STACK_KB);
	if (!s->kernel_stack_kb)
		s->kernel_stack_kb = nr_kernel_stacks() * THREAD_SIZE_KB;
	s->page_tables = nr_page_table_pages;
}

/* Pages no ordinary allocation may take: each zone's high mark plus its largest reserve. */
static unsigned long total_reserve_pages(void)
{
	unsigned long reserve = 0;
	struct zone *zone;

	for_each_zone(zone) {
		long max_res = 0;

		for (int j = 0; j < MAX_NR_ZONES; j++)
			max_res = max(max_res, zone->lowmem_reserve[j]);
		reserve += high_wmark_pages(zone) + (unsigned long)max_res;
	}
	return reserve;
}

/*
 * Linux's estimate of what could be allocated without swapping: free
 * pages above the reserves, plus the page cache and reclaimable slab,
 * each less what reclaim would have to leave (half of it, at most the
 * low watermarks).
 */
static unsigned long si_mem_available(const struct mem_sample *s)
{
	unsigned long wmark_low = 0, reserve = total_reserve_pages(), avail;
	struct zone *zone;

	for_each_zone(zone)
		wmark_low += low_wmark_pages(zone);
	avail = s->free > reserve ? s->free - reserve : 0;
	avail += s->file - min(s->file / 2, wmark_low);
	avail += s->slab_reclaimable - min(s->slab_reclaimable / 2, wmark_low);
	return avail;
}

static void show_val_kb(struct seq_file *m, const char *name, unsigned long pages)
{
	seq_printf(m, "%-16s%8lu kB\n", name, K(pages));
}

static void meminfo_lru(struct seq_file *m, const struct mem_sample *s)
{
	show_val_kb(m, "Active:", s->anon);
	show_val_kb(m, "Inactive:", s->file);
	show_val_kb(m, "Active(anon):", s->anon);
	show_val_kb(m, "Inactive(anon):", 0);
	show_val_kb(m, "Active(file):", 0);
	show_val_kb(m, "Inactive(file):", s->file);
	show_val_kb(m, "Unevictable:", 0);
	show_val_kb(m, "Mlocked:", 0);
}

static void meminfo_kernel(struct seq_file *m, const struct mem_sample *s)
{
	show_val_kb(m, "KReclaimable:", s->slab_reclaimable);
	show_val_kb(m, "Slab:", s->slab_reclaimable + s->slab_unreclaimable);
	show_val_kb(m, "SReclaimable:", s->slab_reclaimable);
	show_val_kb(m, "SUnreclaim:", s->slab_unreclaimable);
	seq_printf(m, "%-16s%8lu kB\n", "KernelStack:", s->kernel_stack_kb);
	show_val_kb(m, "PageTables:", s->page_tables);
	show_val_kb(m, "NFS_Unstable:", 0);
	show_val_kb(m, "Bounce:", 0);
	show_val_kb(m, "WritebackTmp:", 0);
}

static void meminfo_virtual(struct seq_file *m)
{
	show_val_kb(m, "CommitLimit:", vm_commit_limit());
	show_val_kb(m, "Committed_AS:", vm_memory_committed());
	seq_printf(m, "%-16s%8lu kB\n", "VmallocTotal:", (unsigned long)(VMALLOC_SIZE >> 10));
	show_val_kb(m, "VmallocUsed:", vmalloc_nr_pages());
	show_val_kb(m, "VmallocChunk:", 0);	/* Linux has printed 0 since 4.0 */
	show_val_kb(m, "Percpu:", 0);
	show_val_kb(m, "HardwareCorrupted:", 0);
	show_val_kb(m, "AnonHugePages:", 0);
}

int meminfo_show(struct seq_file *m, void *v)
{
	struct mem_sample s;

	(void)v;
	mem_sample(&s);
	show_val_kb(m, "MemTotal:", totalram_pages);
	show_val_kb(m, "MemFree:", s.free);
	show_val_kb(m, "MemAvailable:", si_mem_available(&s));
	show_val_kb(m, "Buffers:", 0);
	show_val_kb(m, "Cached:", s.file);	/* shmem included, as Linux */
	show_val_kb(m, "SwapCached:", 0);
	meminfo_lru(m, &s);
	show_val_kb(m, "SwapTotal:", 0);
	show_val_kb(m, "SwapFree:", 0);
	show_val_kb(m, "Dirty:", 0);
	show_val_kb(m, "Writeback:", 0);
	show_val_kb(m, "AnonPages:", s.anon);
	show_val_kb(m, "Mapped:", s.mapped);
	show_val_kb(m, "Shmem:", s.shmem);
	meminfo_kernel(m, &s);
	meminfo_virtual(m);
	return 0;
}

static void show_stat(struct seq_file *m, const char *name, unsigned long v)
{
	seq_printf(m, "%s %lu\n", name, v);
}

static unsigned long zones_sum(enum zone_stat_item item)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone_page_state(zone, item);
	return sum;
}

/* The page-state half, in Linux's order (zone items, then node items). */
static void vmstat_states(struct seq_file *m, const struct mem_sample *s)
{
	show_stat(m, "nr_free_pages", s->free);
	show_stat(m, "nr_zone_inactive_anon", 0);
	show_stat(m, "nr_zone_active_anon", s->anon);
	show_stat(m, "nr_zone_inactive_file", s->file);
	show_stat(m, "nr_zone_active_file", 0);
	show_stat(m, "nr_zone_unevictable", 0);
	show_stat(m, "nr_zone_write_pending", 0);
	show_stat(m, "nr_mlock", 0);
	show_stat(m, "nr_inactive_anon", 0);
	show_stat(m, "nr_active_anon", s->anon);
	show_stat(m, "nr_inactive_file", s->file);
	show_stat(m, "nr_active_file", 0);
	show_stat(m, "nr_unevictable", 0);
	show_stat(m, "nr_slab_reclaimable", s->slab_reclaimable);
	show_stat(m, "nr_slab_unreclaimable", s->slab_unreclaimable);
	show_stat(m, node_stat_name[NR_ANON_MAPPED], s->anon);
	show_stat(m, node_stat_name[NR_FILE_MAPPED], s->mapped);
	show_stat(m, "nr_file_pages", s->file);
	show_stat(m, "nr_dirty", 0);
	show_stat(m, "nr_writeback", 0);
	show_stat(m, node_stat_name[NR_SHMEM], s->shmem);
	show_stat(m, node_stat_name[NR_KERNEL_STACK_KB], s->kernel_stack_kb);
	show_stat(m, "nr_page_table_pages", s->page_tables);
}

/* Whether vm_event_name[i] was already printed in Linux's place. */
static bool vmstat_event_printed(int i)
{
	return i == PGALLOC || i == PGFREE || i == PGFAULT || i == PGMAJFAULT;
}

static const char *const zone_alloc_name[MAX_NR_ZONES] = {
	[ZONE_DMA] = "pgalloc_dma", [ZONE_DMA32] = "pgalloc_dma32",
	[ZONE_NORMAL] = "pgalloc_normal",
};

/* The event half: Linux's names first, then Mneme's own fault kinds. */
static void vmstat_events(struct seq_file *m)
{
	struct zone *zone = NODE_DATA(0)->node_zones;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		show_stat(m, zone_alloc_name[z], zone_page_state(&zone[z], NR_ZONE_ALLOC));
	show_stat(m, "pgfree", max(zones_sum(NR_ZONE_FREE), vm_events[PGFREE]));
	show_stat(m, vm_event_name[PGFAULT], vm_events[PGFAULT]);
	show_stat(m, vm_event_name[PGMAJFAULT], vm_events[PGMAJFAULT]);
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		if (!vmstat_event_printed(i))
			show_stat(m, vm_event_name[i], vm_events[i]);
}

int vmstat_show(struct seq_file *m, void *v)
{
	struct mem_sample s;

	(void)v;
	mem_sample(&s);
	vmstat_states(m, &s);
	vmstat_events(m);
	return 0;
}
