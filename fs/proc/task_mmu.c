/*
 * fs/proc/task_mmu.c - a process's memory as /proc shows it:
 * /proc/<pid>/maps and smaps (one entry per VMA, in address order), and
 * the memory lines of status, statm and stat.
 *
 * maps is Linux's line per VMA: "start-end perms offset major:minor
 * inode", then, padded to column 74, the file's path (d_path of vm_file
 * from the reader's root), or [heap] for the VMA holding mm->start_brk..brk,
 * or [stack] for the one holding mm->start_stack; nothing for other
 * anonymous memory.  Mneme has no vDSO, so no [vdso] or [vvar].
 *
 * smaps adds, per VMA, what its page-table entries say, read by walking
 * them (follow_pte() per page, a whole PMD's span at once where there is
 * no pte table): Rss counts present pages; a page mapped
 * by N page tables (page_mapcount) adds PAGE_SIZE/N to Pss, kept with 12
 * fraction bits as Linux does; Shared_* are pages mapped more than once,
 * Private_* once; *_Dirty follow the pte's dirty bit (or PG_dirty);
 * Anonymous is every page of an anonymous VMA and, in a file VMA, pages
 * that are not the file's page-cache pages (private copies).  The zero
 * page, and any reserved frame, counts nowhere, as in Linux (it is not a
 * "normal" page: is_zero_pfn()).  No swap, huge pages, KSM or MADV_FREE: those lines
 * are 0.
 *
 * status/statm/stat read the mm's counters (total_vm, data_vm, exec_vm,
 * stack_vm, hiwater_*, rss_stat[]), kept by mm/ as VMAs change and pages
 * are mapped (mm/mmap.c, mm/memory.c).
 *
 * Locking: one CPU, and the show runs without sleeping between reading
 * the VMA list and its page tables; the caller holds the task.
 * Linux: fs/proc/task_mmu.c (show_map_vma, smaps_pte_entry, task_mem,
 * task_statm), fs/proc/array.c (the stat fields).
 */
#include <mneme/err.h>
#include <mneme/fdtable.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/vmstat.h>
#include <uapi/errno.h>
#include "../internal.h"
#include "internal.h"

#define K(pages)		((unsigned long)(pages) << (PAGE_SHIFT - 10))
/* Linux's seq_setwidth(): the name follows the padding and one more space (column 74). */
#define MAPS_NAME_COLUMN	(25 + sizeof(void *) * 6 - 1)
#define PSS_SHIFT		12	/* fraction bits of Pss, as Linux */
#define PAGE_MAPPING_ANON	0x1UL	/* page->mapping bit 0: an anon_vma, not a file */
#define KB_SHIFT		10
#define VM_BIT(flag)		__builtin_ctzl(flag)	/* VM_* -> its bit number */

/* ---- the counters, with the eager model's fallback --------------------------- */

unsigned long task_vsize_pages(const struct mm_struct *mm)
{
	return mm ? mm->total_vm : 0;
}

unsigned long task_rss_pages(const struct mm_struct *mm)
{
	return mm ? get_mm_rss(mm) : 0;
}

/* Text pages: the span of the program's code, rounded out to pages. */
static unsigned long mm_text_pages(const struct mm_struct *mm)
{
	if (mm->end_code <= mm->start_code)
		return 0;
	return (PAGE_ALIGN(mm->end_code) - (mm->start_code & ~(PAGE_SIZE - 1))) >> PAGE_SHIFT;
}

static void show_kb(struct seq_file *m, const char *name, unsigned long kb)
{
	seq_printf(m, "%s\t%8lu kB\n", name, kb);
}

/* status's Vm* and Rss* lines, in Linux's order. */
void task_mem(struct seq_file *m, struct mm_struct *mm)
{
	unsigned long total = task_vsize_pages(mm), rss = task_rss_pages(mm);
	unsigned long text = mm_text_pages(mm), exec = mm->exec_vm;

	show_kb(m, "VmPeak:", K(max(mm->hiwater_vm, total)));
	show_kb(m, "VmSize:", K(total));
	show_kb(m, "VmLck:", 0);
	show_kb(m, "VmPin:", 0);
	show_kb(m, "VmHWM:", K(max(mm->hiwater_rss, rss)));
	show_kb(m, "VmRSS:", K(rss));
	show_kb(m, "RssAnon:", K(get_mm_counter(mm, MM_ANONPAGES)));
	show_kb(m, "RssFile:", K(get_mm_counter(mm, MM_FILEPAGES)));
	show_kb(m, "RssShmem:", K(get_mm_counter(mm, MM_SHMEMPAGES)));
	show_kb(m, "VmData:", K(mm->data_vm));
	show_kb(m, "VmStk:", K(mm->stack_vm));
	show_kb(m, "VmExe:", K(text));
	show_kb(m, "VmLib:", K(exec > text ? exec - text : 0));
	show_kb(m, "VmPTE:", K(mm->nr_pgtables));
	show_kb(m, "VmSwap:", K(get_mm_counter(mm, MM_SWAPENTS)));
}

unsigned long task_statm(struct mm_struct *mm, unsigned long *shared, unsigned long *text,
			 unsigned long *data, unsigned long *resident)
{
	unsigned long size = task_vsize_pages(mm);

	*shared = get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_SHMEMPAGES);
	*text = min(mm_text_pages(mm), size);
	*data = mm->data_vm + mm->stack_vm;
	*resident = *shared + get_mm_counter(mm, MM_ANONPAGES);
	return size;
}

/* ---- maps -------------------------------------------------------------------- */

static bool vma_is_heap(const struct vm_area_struct *vma)
{
	const struct mm_struct *mm = vma->vm_mm;

	return !vma->vm_file && vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk;
}

static bool vma_is_stack(const struct vm_area_struct *vma)
{
	const struct mm_struct *mm = vma->vm_mm;

	return !vma->vm_file && vma->vm_start <= mm->start_stack &&
	       vma->vm_end >= mm->start_stack;
}

/* What follows the inode: a path, [heap], [stack] or nothing. */
static const char *vma_name(const struct vm_area_struct *vma, char *buf, size_t size)
{
	if (vma->vm_file) {
		struct dentry *root = current->fs ? current->fs->root : NULL;
		char *p = d_path_from(vma->vm_file->f_dentry, root, buf, size);

		return IS_ERR(p) ? "?" : p;
	}
	if (vma_is_heap(vma))
		return "[heap]";
	if (vma_is_stack(vma))
		return "[stack]";
	return NULL;
}

static void show_map_vma(struct seq_file *m, const struct vm_area_struct *vma, char *pathbuf)
{
	unsigned long flags = vma->vm_flags;
	const struct inode *inode = vma->vm_file ? vma->vm_file->f_inode : NULL;
	unsigned long long pgoff = vma->vm_file ? (unsigned long long)vma->vm_pgoff << PAGE_SHIFT : 0;
	dev_t dev = inode ? inode->i_sb->s_dev : 0;
	const char *name;

	seq_setwidth(m, MAPS_NAME_COLUMN);
	seq_printf(m, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ", vma->vm_start, vma->vm_end,
		   flags & VM_READ ? 'r' : '-', flags & VM_WRITE ? 'w' : '-',
		   flags & VM_EXEC ? 'x' : '-', flags & VM_MAYSHARE ? 's' : 'p', pgoff,
		   MAJOR(dev), MINOR(dev), inode ? inode->i_ino : 0);
	name = vma_name(vma, pathbuf, PATH_MAX);
	if (name) {
		seq_pad(m, ' ');
		seq_puts(m, name);
	}
	seq_putc(m, '\n');
}

/* Call fn on each VMA of task's mm, with a PATH_MAX buffer for names. */
static int for_each_vma_show(struct seq_file *m, struct task_struct *task,
			     void (*fn)(struct seq_file *m, struct vm_area_struct *vma, char *buf))
{
	struct mm_struct *mm = task->mm;
	char *buf;

	if (!mm)
		return 0;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (struct vm_area_struct *vma = mm->mmap; vma && !m->overflow; vma = vma->vm_next)
		fn(m, vma, buf);
	kfree(buf);
	return 0;
}

static void maps_one(struct seq_file *m, struct vm_area_struct *vma, char *buf)
{
	show_map_vma(m, vma, buf);
}

int proc_pid_maps(struct seq_file *m, struct task_struct *task)
{
	return for_each_vma_show(m, task, maps_one);
}

/* ---- smaps ------------------------------------------------------------------- */

struct mem_size_stats {
	unsigned long resident;
	unsigned long shared_clean, shared_dirty, private_clean, private_dirty;
	unsigned long referenced, anonymous;
	u64 pss, pss_dirty;		/* bytes << PSS_SHIFT */
};

/* The page behind a present pte, or NULL for the zero page and other reserved frames. */
static struct page *smaps_normal_page(pte_t pte)
{
	unsigned long pfn = pte_pfn(pte);
	struct page *page;

	if (!pfn_valid(pfn))
		return NULL;
	page = pfn_to_page(pfn);
	return is_zero_pfn(pfn) || PageReserved(page) ? NULL : page;
}

static bool page_is_file_cache(const struct page *page)
{
	return page->mapping && !((unsigned long)page->mapping & PAGE_MAPPING_ANON);
}

static void smaps_account(struct mem_size_stats *mss, const struct vm_area_struct *vma,
			  struct page *page, pte_t pte)
{
	int mapcount = max(page_mapcount(page), 1);
	bool dirty = pte_dirty(pte) || PageDirty(page);
	u64 pss = ((u64)PAGE_SIZE << PSS_SHIFT) / (u64)mapcount;

	mss->resident += PAGE_SIZE;
	if (pte_young(pte) || PageReferenced(page))
		mss->referenced += PAGE_SIZE;
	if (!vma->vm_file || !page_is_file_cache(page))
		mss->anonymous += PAGE_SIZE;
	mss->pss += pss;
	if (dirty)
		mss->pss_dirty += pss;
	if (mapcount >= 2) {
		if (dirty)
			mss->shared_dirty += PAGE_SIZE;
		else
			mss->shared_clean += PAGE_SIZE;
	} else if (dirty) {
		mss->private_dirty += PAGE_SIZE;
	} else {
		mss->private_clean += PAGE_SIZE;
	}
}

static void smap_gather_stats(const struct vm_area_struct *vma, struct mem_size_stats *mss)
{
	unsigned long addr = vma->vm_start;

	while (addr < vma->vm_end) {
		pte_t *pte = follow_pte(vma->vm_mm, addr);
		struct page *page;

		if (!pte) {	/* no pte table: nothing mapped up to the next one */
			addr = pmd_addr_end(addr, vma->vm_end);
			continue;
		}
		page = pte_present(*pte) ? smaps_normal_page(*pte) : NULL;
		if (page)
			smaps_account(mss, vma, page, *pte);
		addr += PAGE_SIZE;
	}
}

static void smaps_kb(struct seq_file *m, const char *name, unsigned long kb)
{
	seq_printf(m, "%-16s%8lu kB\n", name, kb);
}

/* Two letters per VM_* bit set, in bit order (Linux's show_smap_vma_flags). */
static void show_smap_vma_flags(struct seq_file *m, unsigned long flags)
{
	static const char mnemonics[BITS_PER_LONG][3] = {
		[VM_BIT(VM_READ)] = "rd", [VM_BIT(VM_WRITE)] = "wr", [VM_BIT(VM_EXEC)] = "ex",
		[VM_BIT(VM_SHARED)] = "sh", [VM_BIT(VM_MAYREAD)] = "mr",
		[VM_BIT(VM_MAYWRITE)] = "mw", [VM_BIT(VM_MAYEXEC)] = "me",
		[VM_BIT(VM_MAYSHARE)] = "ms", [VM_BIT(VM_GROWSDOWN)] = "gd",
		[VM_BIT(VM_PFNMAP)] = "pf", [VM_BIT(VM_LOCKED)] = "lo", [VM_BIT(VM_IO)] = "io",
		[VM_BIT(VM_SEQ_READ)] = "sr", [VM_BIT(VM_RAND_READ)] = "rr",
		[VM_BIT(VM_DONTCOPY)] = "dc", [VM_BIT(VM_DONTEXPAND)] = "de",
		[VM_BIT(VM_ACCOUNT)] = "ac", [VM_BIT(VM_NORESERVE)] = "nr",
		[VM_BIT(VM_HUGETLB)] = "ht", [VM_BIT(VM_WIPEONFORK)] = "wf",
		[VM_BIT(VM_DONTDUMP)] = "dd", [VM_BIT(VM_MIXEDMAP)] = "mm",
		[VM_BIT(VM_HUGEPAGE)] = "hg", [VM_BIT(VM_NOHUGEPAGE)] = "nh",
	};

	seq_puts(m, "VmFlags: ");
	for (unsigned int i = 0; i < BITS_PER_LONG; i++)
		if ((flags & (1UL << i)) && mnemonics[i][0])
			seq_printf(m, "%s ", mnemonics[i]);
	seq_putc(m, '\n');
}

static void smaps_one(struct seq_file *m, struct vm_area_struct *vma, char *buf)
{
	struct mem_size_stats mss = { 0 };
	unsigned long pss_kb;

	show_map_vma(m, vma, buf);
	smap_gather_stats(vma, &mss);
	pss_kb = (unsigned long)(mss.pss >> (KB_SHIFT + PSS_SHIFT));
	smaps_kb(m, "Size:", (vma->vm_end - vma->vm_start) >> KB_SHIFT);
	smaps_kb(m, "KernelPageSize:", PAGE_SIZE >> KB_SHIFT);
	smaps_kb(m, "MMUPageSize:", PAGE_SIZE >> KB_SHIFT);
	smaps_kb(m, "Rss:", mss.resident >> KB_SHIFT);
	smaps_kb(m, "Pss:", pss_kb);
	smaps_kb(m, "Pss_Dirty:", (unsigned long)(mss.pss_dirty >> (KB_SHIFT + PSS_SHIFT)));
	smaps_kb(m, "Shared_Clean:", mss.shared_clean >> KB_SHIFT);
	smaps_kb(m, "Shared_Dirty:", mss.shared_dirty >> KB_SHIFT);
	smaps_kb(m, "Private_Clean:", mss.private_clean >> KB_SHIFT);
	smaps_kb(m, "Private_Dirty:", mss.private_dirty >> KB_SHIFT);
	smaps_kb(m, "Referenced:", mss.referenced >> KB_SHIFT);
	smaps_kb(m, "Anonymous:", mss.anonymous >> KB_SHIFT);
	smaps_kb(m, "KSM:", 0);
	smaps_kb(m, "LazyFree:", 0);
	smaps_kb(m, "AnonHugePages:", 0);
	smaps_kb(m, "ShmemPmdMapped:", 0);
	smaps_kb(m, "FilePmdMapped:", 0);
	smaps_kb(m, "Shared_Hugetlb:", 0);
	smaps_kb(m, "Private_Hugetlb:", 0);
	smaps_kb(m, "Swap:", 0);
	smaps_kb(m, "SwapPss:", 0);
	smaps_kb(m, "Locked:", vma->vm_flags & VM_LOCKED ? pss_kb : 0);
	seq_printf(m, "%-16s%8d\n", "THPeligible:", 0);
	show_smap_vma_flags(m, vma->vm_flags);
}

int proc_pid_smaps(struct seq_file *m, struct task_struct *task)
{
	return for_each_vma_show(m, task, smaps_one);
}
