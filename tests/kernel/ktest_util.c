/*
 * tests/kernel/ktest_util.c - helpers for ktests (user pages in init_mm,
 * memory snapshots, small files); see ktest_util.h.  Only ktests use it; nothing here
 * runs at boot.
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/pagemap.h>
#include <mneme/params.h>
#include <mneme/pgtable.h>
#include <mneme/seq_file.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/tlbflush.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "ktest_util.h"

static int map_user_pte(pte_t *pte, unsigned long addr, void *data)
{
	struct ktest_user *u = data;

	(void)addr;
	set_pte(pte, mk_pte(u->page[u->next++], PAGE_SHARED));
	return 0;
}

static int unmap_user_pte(pte_t *pte, unsigned long addr, void *data)
{
	(void)addr;
	(void)data;
	pte_clear(pte);
	return 0;
}

static void free_user_pages(struct ktest_user *u)
{
	for (int i = 0; i < KTEST_USER_PAGES; i++)
		if (u->page[i])
			__free_page(u->page[i]);
	free_empty_kernel_tables(&init_mm, KTEST_USER_BASE,
				 KTEST_USER_END - KTEST_USER_BASE + PAGE_SIZE);
}

bool ktest_map_user(struct ktest_user *u)
{
	bool ok = true;

	u->next = 0;
	for (int i = 0; i < KTEST_USER_PAGES; i++) {
		u->page[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		ok = ok && u->page[i];
	}
	if (ok && !apply_to_page_range(&init_mm, KTEST_USER_BASE,
				       KTEST_USER_END - KTEST_USER_BASE, map_user_pte, u))
		return true;
	free_user_pages(u);
	return false;
}

void ktest_unmap_user(struct ktest_user *u)
{
	apply_to_existing_page_range(&init_mm, KTEST_USER_BASE,
				     KTEST_USER_END - KTEST_USER_BASE, unmap_user_pte, NULL);
	flush_tlb_kernel_range(KTEST_USER_BASE, KTEST_USER_END);
	free_user_pages(u);
}

u8 *ktest_user_byte(struct ktest_user *u, unsigned long addr)
{
	unsigned long off = addr - KTEST_USER_BASE;

	return (u8 *)page_address(u->page[off / PAGE_SIZE]) + off % PAGE_SIZE;
}

void ktest_mem_snapshot(struct ktest_mem_snapshot *s)
{
	struct slab_totals t;

	kmem_cache_shrink_all();
	drain_local_pages();
	get_slab_totals(&t);
	s->free_pages = nr_free_pages();
	s->slab_objects = t.active_objs;
	s->file_pages = global_file_pages();
}

void ktest_expect_no_leak(struct ktest_ctx *kt, const struct ktest_mem_snapshot *before)
{
	struct ktest_mem_snapshot after;

	ktest_mem_snapshot(&after);
	KT_EXPECT_EQ(kt, after.free_pages, before->free_pages);
	KT_EXPECT_EQ(kt, after.slab_objects, before->slab_objects);
	KT_EXPECT_EQ(kt, after.file_pages, before->file_pages);
}

void ktest_restore_fail_page_alloc(void)
{
	const char *spec = param_get("fail_page_alloc");

	fail_page_alloc_setup(spec ? spec : "0");
}

int ktest_write_file(const char *path, const char *text, umode_t mode)
{
	struct file *file = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(file))
		return (int)PTR_ERR(file);
	n = kernel_write(file, text, strlen(text), &pos);
	filp_close(file);
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}

char *ktest_proc_read(const char *path, size_t max)
{
	struct file *file = filp_open(path, O_RDONLY, 0);
	struct seq_file *m;
	char *buf;

	if (IS_ERR(file))
		return NULL;
	m = file->private_data;
	buf = kzalloc(max, GFP_KERNEL);
	if (buf && m)
		memcpy(buf, m->buf, min(m->count, max - 1));
	filp_close(file);
	return buf;
}

unsigned long ktest_proc_field(const char *text, const char *name)
{
	const char *p = strstr(text, name);
	unsigned long v = 0;

	if (!p)
		return ~0UL;
	for (p += strlen(name); *p == ' ' || *p == '\t'; p++)
		;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (unsigned long)(*p++ - '0');
	return v;
}
