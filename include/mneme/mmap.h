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

/* The stack: top just below 0x7ffffffff000 (DESIGN.md), populated eagerly. */
#define STACK_TOP		0x7ffffffff000UL
#define STACK_INITIAL_SIZE	(128UL << 10)

#endif
