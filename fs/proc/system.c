/*
 * fs/proc/system.c - the files in /proc about the whole system: uptime,
 * loadavg, stat, meminfo, version, cpuinfo, filesystems, and mm's own
 * reports (buddyinfo, zoneinfo, slabinfo, vmallocinfo).
 *
 * Each is a show function that reads the live counters once, at open.
 * Formats are Linux's, field for field where the counter exists here,
 * because busybox free, top, uptime and ps parse them: meminfo's
 * "%-16s%8lu kB" lines, stat's cpu line in USER_HZ ticks.  What Mneme
 * does not have reads as 0: swap, buffers, iowait/irq/steal time, load
 * averages (no load average is computed; Linux samples the run queue
 * every 5 s into an exponential average).  MemAvailable is free plus
 * page-cache pages: an estimate, as Linux's is, of what could be had
 * without swapping.  Linux: fs/proc/uptime.c, loadavg.c, stat.c,
 * meminfo.c, version.c, filesystems.c, mm/vmstat.c, mm/slab_common.c.
 */
#include <asm/cpufeature.h>
#include <mneme/irq.h>
#include <mneme/kernel.h>
#include <mneme/kernel_stat.h>
#include <mneme/mm.h>
#include <mneme/pagemap.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/time.h>
#include <mneme/version.h>
#include <mneme/vmalloc.h>
#include <uapi/stat.h>
#include <uapi/time.h>
#include "internal.h"

#define K(pages)	((unsigned long)(pages) << (PAGE_SHIFT - 10))
#define CENTI_PER_SEC	100
#define THREAD_SIZE_KB	(THREAD_SIZE / 1024)

static unsigned long long ticks_to_user_hz(u64 ticks)
{
	return (unsigned long long)(ticks * USER_HZ / HZ);
}

/* "uptime idle": seconds, two decimals (busybox uptime reads the first). */
static int uptime_show(struct seq_file *m, void *v)
{
	u64 up_ns = ktime_get_ns(), idle = kcpustat.idle;
	u64 up_cs = up_ns / (NSEC_PER_SEC / CENTI_PER_SEC);
	u64 idle_cs = idle * CENTI_PER_SEC / HZ;

	(void)v;
	seq_printf(m, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(up_cs / CENTI_PER_SEC),
		   (unsigned long long)(up_cs % CENTI_PER_SEC),
		   (unsigned long long)(idle_cs / CENTI_PER_SEC),
		   (unsigned long long)(idle_cs % CENTI_PER_SEC));
	return 0;
}

/* "0.00 0.00 0.00 running/total last_pid" */
static int loadavg_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "0.00 0.00 0.00 %u/%lu %d\n", nr_running(), nr_tasks(),
		   last_allocated_pid());
	return 0;
}

static void stat_cpu_line(struct seq_file *m, const char *name)
{
	/* user nice system idle iowait irq softirq steal guest guest_nice */
	seq_printf(m, "%s %llu 0 %llu %llu 0 0 0 0 0 0\n", name, ticks_to_user_hz(kcpustat.user),
		   ticks_to_user_hz(kcpustat.system), ticks_to_user_hz(kcpustat.idle));
}

static int stat_show(struct seq_file *m, void *v)
{
	u64 total_irqs = 0;

	(void)v;
	stat_cpu_line(m, "cpu ");
	stat_cpu_line(m, "cpu0");
	for (unsigned int i = 0; i < NR_IRQS; i++)
		total_irqs += irq_count(i);
	seq_printf(m, "intr %llu", (unsigned long long)total_irqs);
	for (unsigned int i = 0; i < NR_IRQS; i++)
		seq_printf(m, " %llu", (unsigned long long)irq_count(i));
	seq_printf(m, "\nctxt %lu\nbtime %llu\nprocesses %lu\nprocs_running %u\nprocs_blocked 0\n",
		   nr_context_switches(), (unsigned long long)boot_time_seconds(), total_forks,
		   nr_running());
	return 0;
}

static void show_val_kb(struct seq_file *m, const char *name, unsigned long pages)
{
	seq_printf(m, "%-16s%8lu kB\n", name, K(pages));
}

/* Kernel stacks alive: every task's that has not been freed yet. */
static unsigned long nr_kernel_stacks(void)
{
	struct task_struct *p;
	unsigned long n = init_task.stack ? 1 : 0;

	list_for_each_entry(p, &init_task.tasks, tasks)
		n += p->stack != NULL;
	return n;
}

static int meminfo_show(struct seq_file *m, void *v)
{
	/*
	 * MemFree counts the per-CPU lists' pages too (Linux leaves them
	 * out): they are free, and how many wait there varies by a batch
	 * from one run to the next, which would make the test runner's
	 * exact leak check (MemFree + Slab) see ghosts.
	 */
	unsigned long free = nr_free_pages() + nr_free_pcp_pages(), cached = global_file_pages();
	unsigned long slab;
	struct slab_totals st;

	(void)v;
	get_slab_totals(&st);
	slab = st.slab_pages + st.large_kmalloc_pages;
	show_val_kb(m, "MemTotal:", totalram_pages);
	show_val_kb(m, "MemFree:", free);
	show_val_kb(m, "MemAvailable:", free + cached);
	show_val_kb(m, "Buffers:", 0);
	show_val_kb(m, "Cached:", cached);
	show_val_kb(m, "SwapCached:", 0);
	show_val_kb(m, "SwapTotal:", 0);
	show_val_kb(m, "SwapFree:", 0);
	show_val_kb(m, "Shmem:", 0);
	show_val_kb(m, "Slab:", slab);
	show_val_kb(m, "SReclaimable:", 0);
	show_val_kb(m, "SUnreclaim:", slab);
	seq_printf(m, "%-16s%8lu kB\n", "KernelStack:", nr_kernel_stacks() * THREAD_SIZE_KB);
	show_val_kb(m, "PageTables:", nr_page_table_pages);
	seq_printf(m, "%-16s%8lu kB\n", "VmallocTotal:", (unsigned long)(VMALLOC_SIZE >> 10));
	show_val_kb(m, "VmallocUsed:", vmalloc_nr_pages());
	show_val_kb(m, "VmallocChunk:", 0);
	return 0;
}

static int version_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_printf(m, "%s version %s (mneme@mneme) (gcc version %s) %s\n", UTS_SYSNAME,
		   UTS_RELEASE, __VERSION__, UTS_VERSION);
	return 0;
}

static int filesystems_show(struct seq_file *m, void *v)
{
	size_t room;
	char *buf = seq_get_buf(m, &room);
	int n;

	(void)v;
	n = get_filesystem_list(buf, room);
	if (n < 0 || (size_t)n >= room)
		m->overflow = true;
	else
		seq_commit(m, (size_t)n);
	return 0;
}

#define MM_REPORT(fn)							\
	static int fn##_seq(struct seq_file *m, void *v)		\
	{								\
		(void)v;						\
		seq_show_buf(m, fn);					\
		return 0;						\
	}
MM_REPORT(buddyinfo_show)
MM_REPORT(zoneinfo_show)
MM_REPORT(slabinfo_show)
MM_REPORT(vmallocinfo_show)

const struct proc_entry proc_system_entries[] = {
	{ .name = "buddyinfo", .mode = S_IFREG | 0444, .show = buddyinfo_show_seq },
	{ .name = "cpuinfo", .mode = S_IFREG | 0444, .show = show_cpuinfo },
	{ .name = "filesystems", .mode = S_IFREG | 0444, .show = filesystems_show },
	{ .name = "loadavg", .mode = S_IFREG | 0444, .show = loadavg_show },
	{ .name = "meminfo", .mode = S_IFREG | 0444, .show = meminfo_show },
	{ .name = "slabinfo", .mode = S_IFREG | 0400, .show = slabinfo_show_seq },
	{ .name = "stat", .mode = S_IFREG | 0444, .show = stat_show },
	{ .name = "uptime", .mode = S_IFREG | 0444, .show = uptime_show },
	{ .name = "version", .mode = S_IFREG | 0444, .show = version_show },
	{ .name = "vmallocinfo", .mode = S_IFREG | 0400, .show = vmallocinfo_show_seq },
	{ .name = "zoneinfo", .mode = S_IFREG | 0444, .show = zoneinfo_show_seq },
	{ .name = NULL },
};
