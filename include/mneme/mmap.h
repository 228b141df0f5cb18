/*
 * mmap.h - a process's user memory, first version (mm/mmap.c): eager
 * populate and unmap of page ranges, and teardown at exit.  Issue 6
 * replaces this with VMAs and demand paging.
 */
#ifndef MNEME_MMAP_H
#define MNEME_MMAP_H

#include <mneme/pgtable.h>

struct page;

/* Map [start, end) with zeroed pages (kept where already mapped): 0 or -errno. */
int populate_user_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, pgprot_t prot);
/* Unmap [start, end), free its pages and emptied page tables. */
void unmap_user_range(struct mm_struct *mm, unsigned long start, unsigned long end);
/* Everything below TASK_SIZE_MAX, at exit or a failed exec. */
void exit_mmap(struct mm_struct *mm);
/* The page mapped at a user address of mm, or NULL. */
struct page *follow_user_page(struct mm_struct *mm, unsigned long addr);
/* Copy len bytes at addr in tsk's mm into buf: bytes copied (mm/process_vm_access.c). */
struct task_struct;
int access_process_vm(struct task_struct *tsk, unsigned long addr, void *buf, int len);

/* mmap()'s prot and flags bits (Linux's values). */
#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20

#define ELF_MIN_MMAP_ADDR	0x10000UL	/* Linux: mmap_min_addr */
#define MMAP_BRK_GAP		(1UL << 30)	/* keep mmap this far above the heap */
/* mmap's highest address: below the stack and its 8 MiB rlimit */
#define MMAP_BASE		(STACK_TOP - (8UL << 20) - PAGE_SIZE)

pgprot_t vm_get_page_prot(unsigned long prot);
bool range_is_unmapped(struct mm_struct *mm, unsigned long start, unsigned long end);
/* Anonymous private memory; the address or -errno. */
long do_mmap_anon(struct mm_struct *mm, unsigned long addr, unsigned long len,
		  unsigned long prot, unsigned long flags);
long do_munmap(struct mm_struct *mm, unsigned long addr, unsigned long len);
long do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		 unsigned long prot);

/* The stack: top just below 0x7ffffffff000 (DESIGN.md), populated eagerly. */
#define STACK_TOP		0x7ffffffff000UL
#define STACK_INITIAL_SIZE	(128UL << 10)

#endif
