/*
 * tests/kernel/ktest_util.h - helpers several ktest files share.
 *
 * "User memory" for ktests that call code taking __user pointers
 * (generic_file_read, pipe_read, ...):
 * ktest_map_user() maps KTEST_USER_PAGES fresh zeroed writable user
 * pages at KTEST_USER_BASE in init_mm's lower half, with nothing mapped
 * after KTEST_USER_END, so a copy running past the end faults.  Tests
 * fill and inspect the pages through the direct map (ktest_user_byte()),
 * which SMAP allows.  ktest_unmap_user() removes the pages and their
 * page tables again, so the leak check after the suites stays clean.
 */
#ifndef KTEST_UTIL_H
#define KTEST_UTIL_H

#include <mneme/fs.h>
#include <mneme/ktest.h>
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

/*
 * What a test must give back, measured as the ktest runner's final leak
 * check does (empty slabs returned, per-CPU lists drained): free pages,
 * allocated slab objects, page-cache pages.
 */
struct ktest_mem_snapshot {
	unsigned long free_pages, slab_objects, file_pages;
};

void ktest_mem_snapshot(struct ktest_mem_snapshot *s);
/* KT_EXPECT that nothing is missing since before. */
void ktest_expect_no_leak(struct ktest_ctx *kt, const struct ktest_mem_snapshot *before);

/* A file at path holding just text (created or truncated), through the VFS: 0 or -errno. */
int ktest_write_file(const char *path, const char *text, umode_t mode);

/* fail_page_alloc back to what the command line said (off if nothing). */
void ktest_restore_fail_page_alloc(void);

/*
 * The text a /proc file's open made (its seq_file snapshot: kernel_read()
 * reads only page-cache files, and f_op->read wants a user pointer),
 * opened through the VFS, in a kmalloc'd NUL-ended buffer of at most
 * max - 1 bytes; NULL if the open failed.  proc must be mounted.
 */
char *ktest_proc_read(const char *path, size_t max);
/* The number after "name" (and spaces) in text; ~0UL if name is absent. */
unsigned long ktest_proc_field(const char *text, const char *name);

#endif
