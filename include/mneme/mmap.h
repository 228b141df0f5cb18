/*
 * mmap.h - a process's address space as VMAs (mm/mmap.c, mm/mprotect.c,
 * mm/memory.c): do_mmap()/do_munmap()/do_mprotect(), brk, the stack VMA,
 * fork's dup_mmap() and exit_mmap(), and the page-table side of them
 * (unmap_page_range(), free_pgtables(), change_protection()).  Pages
 * appear on the first fault (handle_mm_fault(), <mneme/mm.h>).
 */
#ifndef MNEME_MMAP_H
#define MNEME_MMAP_H

#include <mneme/pgtable.h>
#include <mneme/vmstat.h>

struct address_space;
struct file;
struct page;
struct vm_area_struct;

/* mmap()'s prot and flags bits (Linux's values). */
#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE	0x0f
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_GROWSDOWN	0x0100
#define MAP_DENYWRITE	0x0800
#define MAP_EXECUTABLE	0x1000
#define MAP_LOCKED	0x2000
#define MAP_NORESERVE	0x4000
#define MAP_POPULATE	0x8000
#define MAP_NONBLOCK	0x10000
#define MAP_STACK	0x20000
#define MAP_HUGETLB	0x40000
#define MAP_FIXED_NOREPLACE 0x100000

#define ELF_MIN_MMAP_ADDR	0x10000UL	/* Linux: mmap_min_addr */
#define mmap_min_addr		ELF_MIN_MMAP_ADDR

/* The stack: top just below 0x7ffffffff000 (DESIGN.md); grows on faults. */
#define STACK_TOP		0x7ffffffff000UL
#define STACK_INITIAL_SIZE	(128UL << 10)
/* Where mmap's top-down search starts: Linux's mmap_base() gap rules. */
#define MMAP_MIN_GAP		(128UL << 20)
#define MMAP_MAX_GAP		(TASK_SIZE_MAX / 6 * 5)
/* The bottom-up fallback's start (Linux: TASK_UNMAPPED_BASE, TASK_SIZE / 3). */
#define TASK_UNMAPPED_BASE	PAGE_ALIGN(TASK_SIZE_MAX / 3)

/* The flags of data (heap, bss) and stack VMAs (Linux: VM_DATA_DEFAULT_FLAGS). */
#define VM_DATA_DEFAULT_FLAGS	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define VM_STACK_DEFAULT_FLAGS	(VM_DATA_DEFAULT_FLAGS | VM_GROWSDOWN)

/* The pte rights for a VMA's vm_flags (private writable: read-only, for COW). */
pgprot_t vm_get_page_prot(unsigned long vm_flags);

/* mm's mmap_base, from RLIMIT_STACK (Linux: arch_pick_mmap_layout()). */
void arch_pick_mmap_layout(struct mm_struct *mm);
unsigned long get_unmapped_area(struct mm_struct *mm, struct file *file, unsigned long addr,
				unsigned long len, unsigned long pgoff, unsigned long flags);
/*
 * Map len bytes in mm (Linux's do_mmap(), which works on current->mm;
 * exec builds a new mm, hence the argument).  The address or -errno;
 * *populate is set to the bytes MAP_POPULATE wants faulted in now.
 */
long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
	     unsigned long len, unsigned long prot, unsigned long flags,
	     unsigned long pgoff, unsigned long *populate);
long do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
long do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		 unsigned long prot);
/* Anonymous memory at [addr, addr + len) for brk and exec (Linux: do_brk_flags()). */
int do_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
		 unsigned long vm_flags);
/* Fault in [start, start + len) now; write faults where the VMA is writable or write. */
int __mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len, bool write);
/* The initial stack VMA of a new mm (exec). */
int setup_stack_vma(struct mm_struct *mm);
/* Keep total_vm/data_vm/exec_vm/stack_vm (Linux: vm_stat_account()). */
void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages);
/* May mm grow by npages of a flags VMA under RLIMIT_AS and RLIMIT_DATA? */
bool may_expand_vm(struct mm_struct *mm, unsigned long flags, unsigned long npages);

/* Note the RSS peak before it falls (Linux: update_hiwater_rss()). */
static inline void update_hiwater_rss(struct mm_struct *mm)
{
	unsigned long rss = get_mm_rss(mm);

	if (mm->hiwater_rss < rss)
		mm->hiwater_rss = rss;
}

/* fork: copy oldmm's VMAs into the empty mm, their pages copy-on-write. */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);
/* Everything: pages, page tables, VMAs (exit, exec, a failed fork). */
void exit_mmap(struct mm_struct *mm);

/* ---- the page-table half (mm/memory.c) ----------------------------------- */

/* Clear the ptes of [start, end) inside vma, dropping their pages, TLB flushed. */
void unmap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/* Free the page-table pages under [floor, ceiling) that map nothing any more. */
void free_pgtables(struct mm_struct *mm, unsigned long floor, unsigned long ceiling);
/* New rights newprot on the ptes of [start, end) in vma; flushes what lost rights. */
void change_protection(struct vm_area_struct *vma, unsigned long start, unsigned long end,
		       pgprot_t newprot);
/* fork: src_vma's ptes into dst_vma (same range), write-protected if private. */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma);
/* The page a pte maps, NULL for the zero page (Linux: vm_normal_page()). */
struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr, pte_t pte);

/* The page mapped at a user address of mm, or NULL. */
struct page *follow_user_page(struct mm_struct *mm, unsigned long addr);
/* Copy len bytes at addr in tsk's mm into buf: bytes copied (mm/process_vm_access.c). */
struct task_struct;
int access_process_vm(struct task_struct *tsk, unsigned long addr, void *buf, int len);

/* ---- shared anonymous memory (mm/shmem.c) -------------------------------- */

/* Give a MAP_SHARED|MAP_ANONYMOUS vma its shmem object: 0 or -ENOMEM. */
int shmem_zero_setup(struct vm_area_struct *vma);
bool vma_is_shmem(const struct vm_area_struct *vma);
bool shmem_mapping(const struct address_space *mapping);

#endif
