/*
 * tests/kernel/ktest_user.h - "user memory" for ktests that call code
 * taking __user pointers (generic_file_read, pipe_read, ...).
 *
 * ktest_map_user() maps KTEST_USER_PAGES fresh zeroed writable user
 * pages at KTEST_USER_BASE in init_mm's lower half, with nothing mapped
 * after KTEST_USER_END, so a copy running past the end faults.  Tests
 * fill and inspect the pages through the direct map (ktest_user_byte()),
 * which SMAP allows.  ktest_unmap_user() removes the pages and their
 * page tables again, so the leak check after the suites stays clean.
 */
#ifndef KTEST_USER_H
#define KTEST_USER_H

#include <mneme/mm.h>
#include <mneme/types.h>

#define KTEST_USER_BASE		0x600000UL
#define KTEST_USER_PAGES	4
#define KTEST_USER_END		(KTEST_USER_BASE + KTEST_USER_PAGES * PAGE_SIZE)
#define KTEST_UPTR(addr)	((void __user *)(addr))

struct ktest_user {
	struct page *page[KTEST_USER_PAGES];
	int next;
};

bool ktest_map_user(struct ktest_user *u);
void ktest_unmap_user(struct ktest_user *u);

/* The byte at user address addr, through the direct map. */
u8 *ktest_user_byte(struct ktest_user *u, unsigned long addr);

#endif
