/*
 * tests/kernel/test_procmm.c - ktests for /proc's memory files
 * (fs/proc/meminfo.c, task_mmu.c, the vm sysctls in proc_sysctl.c).
 *
 * meminfo and vmstat are read through the VFS (proc mounted for the
 * test) and compared with the counters they come from.  maps and smaps
 * are made for a kernel-built mm: a task_struct that exists only to
 * carry the mm, VMAs inserted with insert_vm_struct(), pages put in its
 * page tables by hand, so the expected text is known exactly.  The
 * sysctls are written through the file's write() from a ktest user page.
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/pgtable.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/seq_file.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>
#include <mneme/tlbflush.h>
#include <mneme/vma.h>
#include <mneme/vmstat.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include "../../fs/internal.h"
#include "../../fs/proc/internal.h"
#include "ktest_util.h"

#define PROCMM_READ_MAX		8192
#define PROCMM_SHOW_MAX		8192
#define MEMFREE_SLACK_PAGES	16	/* what the open itself may allocate */
#define ANON_TEST_PAGES		64

static const char *const meminfo_fields[] = {
	"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached",
	"Active", "Inactive", "Active(anon)", "Inactive(anon)", "Active(file)",
	"Inactive(file)", "Unevictable", "Mlocked", "SwapTotal", "SwapFree", "Dirty",
	"Writeback", "AnonPages", "Mapped", "Shmem", "KReclaimable", "Slab",
	"SReclaimable", "SUnreclaim", "KernelStack", "PageTables", "CommitLimit",
	"Committed_AS", "VmallocTotal", "VmallocUsed", "VmallocChunk",
};

static char *procmm_read(const char *path)
{
	char *text;

	if (do_mount("proc", "/proc", "proc", 0, NULL))
		return NULL;
	text = ktest_proc_read(path, PROCMM_READ_MAX);
	do_umount("/proc", 0);
	return text;
}

/* The line of text that starts with "name:", or NULL. */
static const char *meminfo_line(const char *text, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, len) && p[len] == ':')
			return p;
	return NULL;
}

/* "%-16s%8lu kB\n": the name's colon, spaces to column 16, the number ending at 24. */
static bool meminfo_line_ok(const char *line, const char *name)
{
	size_t len = strlen(name) + 1, col = max(len, (size_t)16);
	const char *nl = strchr(line, '\n');
	size_t n = nl ? (size_t)(nl - line) : strlen(line);

	if (n < col + 8 + 3 || strncmp(line + n - 3, " kB", 3))
		return false;
	for (size_t i = len; i < n - 3; i++)
		if (line[i] != ' ' && (line[i] < '0' || line[i] > '9'))
			return false;
	return n - 3 >= col + 8 || line[n - 4] >= '0';
}

KTEST(procmm, meminfo_has_every_field_in_order)
{
	char *text = procmm_read("/proc/meminfo");
	const char *prev = NULL;

	KT_ASSERT_TRUE(kt, text != NULL);
	for (size_t i = 0; i < ARRAY_SIZE(meminfo_fields); i++) {
		const char *line = meminfo_line(text, meminfo_fields[i]);

		if (!KT_EXPECT_TRUE(kt, line != NULL)) {
			pr_info("procmm: missing %s\n", meminfo_fields[i]);
			continue;
		}
		if (!KT_EXPECT_TRUE(kt, !prev || line > prev))
			pr_info("procmm: %s out of order\n", meminfo_fields[i]);
		if (!KT_EXPECT_TRUE(kt, meminfo_line_ok(line, meminfo_fields[i])))
			pr_info("procmm: bad layout: %.40s\n", line);
		prev = line;
	}
	KT_EXPECT_EQ(kt, ktest_proc_field(text, "CommitLimit:"),
		     totalram_pages * (unsigned long)sysctl_overcommit_ratio / 100 * (PAGE_SIZE >> 10));
	kfree(text);
}

KTEST(procmm, memfree_is_the_free_page_count)
{
	unsigned long before = nr_free_pages() + nr_free_pcp_pages(), after, memfree;
	char *text = procmm_read("/proc/meminfo");

	after = nr_free_pages() + nr_free_pcp_pages();
	KT_ASSERT_TRUE(kt, text != NULL);
	memfree = ktest_proc_field(text, "MemFree:") / (PAGE_SIZE >> 10);
	KT_EXPECT_LE(kt, memfree, max(before, after) + MEMFREE_SLACK_PAGES);
	KT_EXPECT_GE(kt, memfree + MEMFREE_SLACK_PAGES, min(before, after));
	KT_EXPECT_LE(kt, ktest_proc_field(text, "MemAvailable:"),
		     ktest_proc_field(text, "MemFree:") + ktest_proc_field(text, "Cached:"));
	kfree(text);
}

KTEST(procmm, anonpages_follows_nr_anon_mapped)
{
	char *before = procmm_read("/proc/meminfo"), *after;

	mod_node_page_state(NR_ANON_MAPPED, ANON_TEST_PAGES);
	after = procmm_read("/proc/meminfo");
	mod_node_page_state(NR_ANON_MAPPED, -ANON_TEST_PAGES);
	KT_ASSERT_TRUE(kt, before && after);
	KT_EXPECT_EQ(kt, ktest_proc_field(after, "AnonPages:") - ktest_proc_field(before, "AnonPages:"),
		     ANON_TEST_PAGES * (PAGE_SIZE >> 10));
	KT_EXPECT_EQ(kt, ktest_proc_field(after, "Active(anon):"),
		     ktest_proc_field(after, "AnonPages:"));
	kfree(before);
	kfree(after);
}

/* The value on vmstat's "name value" line (whole-line match), or ~0UL. */
static unsigned long vmstat_field(const char *text, const char *name)
{
	char key[40];

	scnprintf(key, sizeof(key), "\n%s ", name);
	return ktest_proc_field(text, key);
}

KTEST(procmm, vmstat_lines_are_the_counters)
{
	char *text = procmm_read("/proc/vmstat");
	const struct zone *dma32 = &NODE_DATA(0)->node_zones[ZONE_DMA32];

	KT_ASSERT_TRUE(kt, text != NULL);
	KT_EXPECT_TRUE(kt, !strncmp(text, "nr_free_pages ", 14));
	KT_EXPECT_EQ(kt, vmstat_field(text, "pgfault"), vm_events[PGFAULT]);
	KT_EXPECT_EQ(kt, vmstat_field(text, "pgmajfault"), vm_events[PGMAJFAULT]);
	KT_EXPECT_EQ(kt, vmstat_field(text, "nr_anon_pages"), global_node_page_state(NR_ANON_MAPPED));
	KT_EXPECT_EQ(kt, vmstat_field(text, "nr_page_table_pages"), nr_page_table_pages);
	KT_EXPECT_LE(kt, vmstat_field(text, "pgalloc_dma32"), zone_page_state(dma32, NR_ZONE_ALLOC));
	KT_EXPECT_GT(kt, vmstat_field(text, "pgalloc_dma32"), 0);
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		if (i != PGALLOC && !KT_EXPECT_NE(kt, vmstat_field(text, vm_event_name[i]), ~0UL))
			pr_info("procmm: no %s line\n", vm_event_name[i]);
	/* every line is "name value" */
	for (const char *p = text; *p; p = strchr(p, '\n') + 1) {
		const char *sp = strchr(p, ' '), *nl = strchr(p, '\n');

		KT_ASSERT_TRUE(kt, sp && nl && sp < nl && sp[1] >= '0' && sp[1] <= '9');
	}
	kfree(text);
}

/* ---- maps and smaps of a kernel-built mm --------------------------------- */

#define T_TEXT		0x400000UL
#define T_DATA		0x402000UL
#define T_HEAP		0x403000UL
#define T_ANON		0x7f0000000000UL
#define T_RO		0x7f0000010000UL
#define T_SHARED	0x7f0000020000UL
#define T_STACK_END	0x7ffffffff000UL
#define T_STACK		(T_STACK_END - 0x21000UL)

struct test_mm {
	struct mm_struct *mm;
	struct task_struct *task;
	struct file *file;
};

static int add_vma(struct mm_struct *mm, unsigned long start, unsigned long end,
		   unsigned long flags, struct file *file, unsigned long pgoff)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	vma->vm_file = file;
	vma->vm_pgoff = file ? pgoff : start >> PAGE_SHIFT;
	if (insert_vm_struct(mm, vma)) {
		vm_area_free(vma);
		return -EINVAL;
	}
	return 0;
}

/* The layout exec and mmap would make; inserted out of order on purpose. */
static int build_test_mm(struct test_mm *t)
{
	struct mm_struct *mm = t->mm;
	int err = 0;

	mm->start_brk = T_HEAP;
	mm->brk = T_HEAP + 0x1800;
	mm->start_stack = T_STACK_END - 0x100;
	err |= add_vma(mm, T_STACK, T_STACK_END, VM_READ | VM_WRITE | VM_GROWSDOWN, NULL, 0);
	err |= add_vma(mm, T_RO, T_RO + PAGE_SIZE, VM_READ, NULL, 0);
	err |= add_vma(mm, T_TEXT, T_DATA, VM_READ | VM_EXEC, t->file, 0);
	err |= add_vma(mm, T_ANON, T_ANON + 4 * PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	err |= add_vma(mm, T_DATA, T_HEAP, VM_READ | VM_WRITE, t->file, 2);
	err |= add_vma(mm, T_HEAP, T_HEAP + 2 * PAGE_SIZE, VM_READ | VM_WRITE, NULL, 0);
	err |= add_vma(mm, T_SHARED, T_SHARED + PAGE_SIZE,
		       VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE, NULL, 0);
	return err;
}

static bool test_mm_setup(struct test_mm *t)
{
	memset(t, 0, sizeof(*t));
	t->file = filp_open("/sbin/init", O_RDONLY, 0);
	if (IS_ERR(t->file)) {
		t->file = NULL;
		return false;
	}
	t->mm = mm_alloc();
	t->task = kzalloc(sizeof(*t->task), GFP_KERNEL);
	if (!t->mm || !t->task)
		return false;
	t->task->mm = t->mm;
	return build_test_mm(t) == 0;
}

static void test_mm_teardown(struct test_mm *t)
{
	if (t->mm) {
		/* the file is ours, not the VMAs': they never took a reference */
		for (struct vm_area_struct *vma = t->mm->mmap; vma; vma = vma->vm_next)
			vma->vm_file = NULL;
		exit_mmap_vmas(t->mm);
		mmput(t->mm);
	}
	kfree(t->task);
	if (t->file)
		filp_close(t->file);
}

/* Run a pid_show into a fresh buffer: the text, or NULL. */
static char *show_for_task(int (*show)(struct seq_file *m, struct task_struct *task),
			   struct task_struct *task)
{
	struct seq_file m = { .size = PROCMM_SHOW_MAX };

	m.buf = kzalloc(PROCMM_SHOW_MAX + 1, GFP_KERNEL);
	if (m.buf && (show(&m, task) || m.overflow)) {
		kfree(m.buf);
		return NULL;
	}
	return m.buf;
}

/* Linux's maps line: the name, if any, after padding to 72 and a space (column 74). */
static size_t expect_line(char *buf, size_t size, unsigned long start, unsigned long end,
			  const char *perms, unsigned long off, const struct inode *inode,
			  const char *name)
{
	dev_t dev = inode ? inode->i_sb->s_dev : 0;
	size_t n = scnprintf(buf, size, "%08lx-%08lx %s %08lx %02x:%02x %lu ", start, end, perms,
			     off, MAJOR(dev), MINOR(dev), inode ? inode->i_ino : 0);

	if (name)
		n += scnprintf(buf + n, size - n, "%*s %s", (int)(n < 72 ? 72 - n : 0), "", name);
	n += scnprintf(buf + n, size - n, "\n");
	return n;
}

KTEST(procmm, maps_lists_the_vmas_in_order_with_their_perms)
{
	struct test_mm t;
	char *text = NULL, *want = kzalloc(PROCMM_SHOW_MAX, GFP_KERNEL);
	const struct inode *ino;
	size_t n = 0, sz = PROCMM_SHOW_MAX;

	if (!want || !test_mm_setup(&t)) {
		test_mm_teardown(&t);
		kfree(want);
		KT_ASSERT_TRUE(kt, false);
	}
	ino = t.file->f_inode;
	text = show_for_task(proc_pid_maps, t.task);
	n += expect_line(want + n, sz - n, T_TEXT, T_DATA, "r-xp", 0, ino, "/sbin/init");
	n += expect_line(want + n, sz - n, T_DATA, T_HEAP, "rw-p", 2 * PAGE_SIZE, ino, "/sbin/init");
	n += expect_line(want + n, sz - n, T_HEAP, T_HEAP + 2 * PAGE_SIZE, "rw-p", 0, NULL, "[heap]");
	n += expect_line(want + n, sz - n, T_ANON, T_ANON + 4 * PAGE_SIZE, "rw-p", 0, NULL, NULL);
	n += expect_line(want + n, sz - n, T_RO, T_RO + PAGE_SIZE, "r--p", 0, NULL, NULL);
	n += expect_line(want + n, sz - n, T_SHARED, T_SHARED + PAGE_SIZE, "rw-s", 0, NULL, NULL);
	expect_line(want + n, sz - n, T_STACK, T_STACK_END, "rw-p", 0, NULL, "[stack]");
	/* Committed_AS's share: the private writable ones (data, heap, anon, stack) */
	KT_EXPECT_EQ(kt, mm_committed_pages(t.mm),
		     1 + 2 + 4 + ((T_STACK_END - T_STACK) >> PAGE_SHIFT));
	test_mm_teardown(&t);
	KT_ASSERT_TRUE(kt, text != NULL);
	KT_EXPECT_STREQ(kt, text, want);
	kfree(text);
	kfree(want);
}

/* ---- smaps: pages put in the test mm's page tables ----------------------- */

static int set_test_pte(pte_t *pte, unsigned long addr, void *data)
{
	(void)addr;
	set_pte(pte, *(pte_t *)data);
	return 0;
}

/* Map page at addr (tables made as needed), with the dirty bit if asked. */
static int map_one(struct mm_struct *mm, unsigned long addr, struct page *page, bool dirty)
{
	pte_t val = mk_pte(page, PAGE_SHARED);

	if (dirty)
		val = pte_mkdirty(val);
	return apply_to_page_range(mm, addr, PAGE_SIZE, set_test_pte, &val);
}

static void unmap_one(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = follow_pte(mm, addr);

	if (pte)
		pte_clear(pte);
	free_empty_kernel_tables(mm, addr, PAGE_SIZE);
}

/* "Name:   N kB" inside the smaps entry that starts at header. */
static unsigned long smaps_kb(const char *header, const char *name)
{
	return header ? ktest_proc_field(header, name) : ~0UL;
}

KTEST(procmm, smaps_counts_rss_pss_dirty_and_anonymous)
{
	struct test_mm t;
	struct page *pg[3] = { 0 };
	char *text = NULL, head_anon[20], head_ro[20];
	const char *a, *r;
	bool ok;

	ok = test_mm_setup(&t);
	for (int i = 0; ok && i < 3; i++)
		ok = (pg[i] = alloc_page(GFP_USER | __GFP_ZERO)) != NULL;
	/* anon VMA: page 0 dirty, page 1 clean, page 2 also mapped in the r-- VMA; page 3 none */
	ok = ok && !map_one(t.mm, T_ANON, pg[0], true) && !map_one(t.mm, T_ANON + PAGE_SIZE, pg[1], false) &&
	     !map_one(t.mm, T_ANON + 2 * PAGE_SIZE, pg[2], false) && !map_one(t.mm, T_RO, pg[2], false);
	if (ok) {
		pg[2]->_mapcount = 1;		/* two page tables map it */
		text = show_for_task(proc_pid_smaps, t.task);
		pg[2]->_mapcount = -1;
	}
	unmap_one(t.mm, T_ANON);
	unmap_one(t.mm, T_ANON + PAGE_SIZE);
	unmap_one(t.mm, T_ANON + 2 * PAGE_SIZE);
	unmap_one(t.mm, T_RO);
	flush_tlb_all();
	for (int i = 0; i < 3; i++)
		if (pg[i])
			__free_page(pg[i]);
	test_mm_teardown(&t);
	KT_ASSERT_TRUE(kt, ok && text != NULL);
	scnprintf(head_anon, sizeof(head_anon), "%08lx-", T_ANON);
	scnprintf(head_ro, sizeof(head_ro), "%08lx-", T_RO);
	a = strstr(text, head_anon);
	r = strstr(text, head_ro);
	KT_ASSERT_TRUE(kt, a && r && a < r);
	KT_EXPECT_EQ(kt, smaps_kb(a, "Size:"), 16);
	KT_EXPECT_EQ(kt, smaps_kb(a, "Rss:"), 12);
	KT_EXPECT_EQ(kt, smaps_kb(a, "Pss:"), 10);	/* 4 + 4 + 4/2 */
	KT_EXPECT_EQ(kt, smaps_kb(a, "Shared_Clean:"), 4);
	KT_EXPECT_EQ(kt, smaps_kb(a, "Private_Clean:"), 4);
	KT_EXPECT_EQ(kt, smaps_kb(a, "Private_Dirty:"), 4);
	KT_EXPECT_EQ(kt, smaps_kb(a, "Anonymous:"), 12);
	KT_EXPECT_EQ(kt, smaps_kb(a, "Referenced:"), 12);
	KT_EXPECT_TRUE(kt, strstr(a, "VmFlags: rd wr mr mw me \n") != NULL);
	KT_EXPECT_EQ(kt, smaps_kb(r, "Rss:"), 4);
	KT_EXPECT_EQ(kt, smaps_kb(r, "Pss:"), 2);
	KT_EXPECT_EQ(kt, smaps_kb(r, "Shared_Clean:"), 4);
	kfree(text);
}

/* ---- /proc/sys/vm ------------------------------------------------------- */

/* write(2) of s to path from a ktest user page: the result. */
static long sysctl_write(struct ktest_user *u, const char *path, const char *s)
{
	struct file *file = filp_open(path, O_WRONLY, 0);
	loff_t pos = 0;
	long ret;

	if (IS_ERR(file))
		return PTR_ERR(file);
	memcpy(ktest_user_byte(u, KTEST_USER_BASE), s, strlen(s));
	ret = file->f_op->write(file, KTEST_UPTR(KTEST_USER_BASE), strlen(s), &pos);
	filp_close(file);
	return ret;
}

KTEST(procmm, vm_sysctls_read_and_write)
{
	struct ktest_user u = { 0 };
	int old_min = min_free_kbytes;
	unsigned long old_wmark = min_wmark_pages(&NODE_DATA(0)->node_zones[ZONE_DMA32]);
	long r2, r3, rx, rmin;
	size_t rmin_len;
	char *ratio, *maxmap, *buf;
	char val[16];

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_EQ(kt, do_mount("proc", "/proc", "proc", 0, NULL), 0);
	ratio = ktest_proc_read("/proc/sys/vm/overcommit_ratio", 64);
	maxmap = ktest_proc_read("/proc/sys/vm/max_map_count", 64);
	r2 = sysctl_write(&u, "/proc/sys/vm/overcommit_memory", "2\n");
	buf = ktest_proc_read("/proc/sys/vm/overcommit_memory", 64);
	r3 = sysctl_write(&u, "/proc/sys/vm/overcommit_memory", "3");
	rx = sysctl_write(&u, "/proc/sys/vm/overcommit_memory", "1x");
	KT_EXPECT_EQ(kt, sysctl_overcommit_memory, OVERCOMMIT_NEVER);
	sysctl_write(&u, "/proc/sys/vm/overcommit_memory", "0");
	scnprintf(val, sizeof(val), "%d", old_min * 2);
	rmin = sysctl_write(&u, "/proc/sys/vm/min_free_kbytes", val);
	rmin_len = strlen(val);
	KT_EXPECT_GT(kt, min_wmark_pages(&NODE_DATA(0)->node_zones[ZONE_DMA32]), old_wmark);
	scnprintf(val, sizeof(val), "%d", old_min);
	sysctl_write(&u, "/proc/sys/vm/min_free_kbytes", val);
	do_umount("/proc", 0);
	ktest_unmap_user(&u);
	KT_EXPECT_EQ(kt, min_free_kbytes, old_min);
	KT_EXPECT_EQ(kt, min_wmark_pages(&NODE_DATA(0)->node_zones[ZONE_DMA32]), old_wmark);
	KT_EXPECT_EQ(kt, sysctl_overcommit_memory, OVERCOMMIT_GUESS);
	KT_EXPECT_EQ(kt, r2, 2);
	KT_EXPECT_EQ(kt, r3, -EINVAL);
	KT_EXPECT_EQ(kt, rx, -EINVAL);
	KT_EXPECT_EQ(kt, rmin, (long)rmin_len);
	KT_EXPECT_TRUE(kt, buf && !strcmp(buf, "2\n"));
	KT_EXPECT_TRUE(kt, ratio && !strcmp(ratio, "50\n"));
	KT_EXPECT_EQ(kt, maxmap ? ktest_proc_field(maxmap, "") : 0, (unsigned long)sysctl_max_map_count);
	kfree(ratio);
	kfree(maxmap);
	kfree(buf);
}

/* ---- a kernel-built mm that really faults pages in ----------------------- */

#define T_FAULT		0x10000000UL
#define FAULT_PAGES	8

static unsigned long field_of(const char *path, const char *name)
{
	char *text = procmm_read(path);
	unsigned long v = text ? ktest_proc_field(text, name) : ~0UL;

	kfree(text);
	return v;
}

KTEST(procmm, anonpages_smaps_and_rss_move_when_a_user_mm_faults_pages_in)
{
	unsigned long flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE;
	unsigned long anon0 = field_of("/proc/meminfo", "AnonPages:"), anon1, anon2;
	unsigned long events0 = field_of("/proc/vmstat", "\nanon_fault "), events1;
	struct task_struct *task = kzalloc(sizeof(*task), GFP_KERNEL);
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma = mm ? vm_area_alloc(mm) : NULL;
	char *smaps = NULL, *status = NULL;
	int faulted = 0;

	if (vma) {
		vma->vm_start = T_FAULT;
		vma->vm_end = T_FAULT + FAULT_PAGES * PAGE_SIZE;
		vma->vm_flags = flags;
		vma->vm_page_prot = vm_get_page_prot(flags);
		vma->vm_pgoff = T_FAULT >> PAGE_SHIFT;
		if (insert_vm_struct(mm, vma)) {
			vm_area_free(vma);
			vma = NULL;
		}
	}
	for (int i = 0; vma && task && i < FAULT_PAGES; i++)
		faulted += !fixup_user_fault(mm, T_FAULT + (unsigned long)i * PAGE_SIZE,
					     FAULT_FLAG_WRITE);
	anon1 = field_of("/proc/meminfo", "AnonPages:");
	events1 = field_of("/proc/vmstat", "\nanon_fault ");
	if (task && mm) {
		task->mm = mm;
		smaps = show_for_task(proc_pid_smaps, task);
		status = kzalloc(PROCMM_SHOW_MAX, GFP_KERNEL);
		if (status) {
			struct seq_file m = { .buf = status, .size = PROCMM_SHOW_MAX - 1 };

			task_mem(&m, mm);
		}
	}
	if (mm)
		mmput(mm);
	anon2 = field_of("/proc/meminfo", "AnonPages:");
	kfree(task);
	KT_EXPECT_EQ(kt, faulted, FAULT_PAGES);
	KT_EXPECT_EQ(kt, anon1 - anon0, FAULT_PAGES * (PAGE_SIZE >> 10));
	KT_EXPECT_EQ(kt, anon2, anon0);
	KT_EXPECT_EQ(kt, events1 - events0, FAULT_PAGES);
	KT_EXPECT_EQ(kt, smaps ? ktest_proc_field(smaps, "Rss:") : 0, FAULT_PAGES * (PAGE_SIZE >> 10));
	KT_EXPECT_EQ(kt, smaps ? ktest_proc_field(smaps, "Anonymous:") : 0,
		     FAULT_PAGES * (PAGE_SIZE >> 10));
	KT_EXPECT_EQ(kt, smaps ? ktest_proc_field(smaps, "Private_Dirty:") : 0,
		     FAULT_PAGES * (PAGE_SIZE >> 10));
	KT_EXPECT_EQ(kt, status ? ktest_proc_field(status, "RssAnon:") : 0,
		     FAULT_PAGES * (PAGE_SIZE >> 10));
	KT_EXPECT_EQ(kt, status ? ktest_proc_field(status, "VmRSS:") : 0,
		     FAULT_PAGES * (PAGE_SIZE >> 10));
	kfree(smaps);
	kfree(status);
}
