/*
 * mm/filemap.c - the page cache: each file's data pages, kept in a radix
 * tree by page index, and the read and write paths that copy between
 * those pages and user memory.
 *
 * A file's byte at offset pos lives in the page at index
 * pos >> PAGE_SHIFT, at byte pos & (PAGE_SIZE - 1) of it.  The page is found
 * in inode->i_mapping->i_pages (lib/radix-tree.c); page->mapping and
 * page->index say where it belongs, and the cache holds one reference
 * on it (a page in the cache has _refcount >= 1 with nobody else using
 * it).  A page the file has never written is simply absent: a read of
 * that hole gives zeros, a write creates a zeroed page first.
 *
 * Mapping files (docs/process-memory.md, "File mappings"): a file VMA's
 * faults come to filemap_fault() (generic_file_vm_ops, installed by
 * generic_file_mmap()), which hands out the cache's own page, so every
 * mapping and read()/write() see the same bytes.  Each mapping keeps
 * the list of VMAs mapping it (i_mmap, through vma->shared), for
 * unmap_mapping_range(): truncation takes the pages beyond the new size
 * out of every page table before it frees them (truncate_pagecache()).
 *
 * Data it owns: the node cache "radix_tree_node" (installed as the
 * tree's allocator by page_cache_init()) and nr_file_pages, the number
 * of pages in all page caches; each mapping's i_mmap list (a file VMA is
 * on it exactly while it is in an mm: vma_link_file()/unlink_file_vma(),
 * called by mm/vma.c).
 *
 * Invariants between calls, for every mapping:
 *   - radix_tree_lookup(&mapping->i_pages, i) == page exactly when
 *     page->mapping == mapping and page->index == i;
 *   - mapping->nrpages counts its pages, and nr_file_pages is the sum;
 *   - every page in a cache holds the cache's reference and PG_uptodate
 *     (its bytes are the file's: zero-filled or read by read_folio).
 * Locking: one CPU and no sleeping between the tree update and the
 * counters, so none.  Linux takes the mapping's i_pages lock (xa_lock)
 * for the tree, the page lock during I/O, and i_rwsem around writes.
 *
 * What is simpler than Linux: no readahead, no LRU (ramfs pages never
 * leave the cache until truncated), no page lock waited for, no
 * access-time update on read.  Linux:
 * mm/filemap.c (filemap_read, generic_perform_write, __filemap_add_folio,
 * filemap_fault, generic_file_mmap), mm/truncate.c (truncate_inode_pages_range,
 * truncate_pagecache), mm/memory.c (unmap_mapping_range), mm/mmap.c
 * (vma_link_file, unlink_file_vma); Linux keeps i_mmap as an interval tree.
 */
#include <mneme/err.h>
#include <mneme/kernel.h>
#include <mneme/mmap.h>
#include <mneme/mm.h>
#include <mneme/pagemap.h>
#include <mneme/printk.h>
#include <mneme/radix-tree.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <mneme/vma.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define MAX_LFS_FILESIZE	((loff_t)0x7fffffffffffffffLL)	/* Linux's, 64-bit */
#define TRUNCATE_BATCH		16	/* pages looked up at a time */

static unsigned long nr_file_pages;
static struct kmem_cache *radix_tree_node_cachep;

/* ---- the tree's nodes ---------------------------------------------------- */

static struct radix_tree_node *radix_tree_node_cache_alloc(gfp_t gfp)
{
	return kmem_cache_zalloc(radix_tree_node_cachep, gfp);
}

static void radix_tree_node_cache_free(struct radix_tree_node *node)
{
	kmem_cache_free(radix_tree_node_cachep, node);
}

static const struct radix_tree_node_allocator radix_tree_node_slab = {
	.alloc = radix_tree_node_cache_alloc,
	.free = radix_tree_node_cache_free,
};

/* Boot, once the slab allocator is up: the cache of tree nodes. */
void page_cache_init(void)
{
	radix_tree_node_cachep = kmem_cache_create("radix_tree_node",
						   sizeof(struct radix_tree_node),
						   __alignof__(struct radix_tree_node),
						   SLAB_PANIC, NULL);
	radix_tree_set_allocator(&radix_tree_node_slab);
}

/* ---- the cache ------------------------------------------------------------ */

void address_space_init(struct address_space *mapping, struct inode *host)
{
	mapping->host = host;
	INIT_RADIX_TREE(&mapping->i_pages, GFP_KERNEL);
	mapping->nrpages = 0;
	INIT_LIST_HEAD(&mapping->i_mmap);
	if (host)
		host->i_mapping = mapping;
}

unsigned long global_file_pages(void)
{
	return nr_file_pages;
}

struct page *find_get_page(struct address_space *mapping, unsigned long index)
{
	struct page *page = radix_tree_lookup(&mapping->i_pages, index);

	if (page)
		get_page(page);
	return page;
}

/*
 * The tree's nodes come with the mapping's own gfp (GFP_KERNEL), so gfp
 * is not used here; Linux passes it on to the xarray for its nodes.
 */
int add_to_page_cache(struct page *page, struct address_space *mapping,
		      unsigned long index, gfp_t gfp)
{
	int err;

	(void)gfp;
	VM_BUG_ON_PAGE(page->mapping, page);
	err = radix_tree_insert(&mapping->i_pages, index, page);
	if (err)
		return err;
	get_page(page);			/* the cache's reference */
	page->mapping = mapping;
	page->index = index;
	mapping->nrpages++;
	nr_file_pages++;
	return 0;
}

void delete_from_page_cache(struct page *page)
{
	struct address_space *mapping = page->mapping;

	VM_BUG_ON_PAGE(!mapping, page);
	VM_BUG_ON_PAGE(radix_tree_delete(&mapping->i_pages, page->index) != page, page);
	page->mapping = NULL;		/* before the last put: the buddy checks it */
	mapping->nrpages--;
	nr_file_pages--;
	ClearPageUptodate(page);
	ClearPageDirty(page);
	put_page(page);			/* the cache's reference */
}

/* Fill a page just added to the cache: from the filesystem, or zeros. */
static int filemap_fill_page(struct address_space *mapping, struct page *page)
{
	int err;

	if (!mapping->a_ops || !mapping->a_ops->read_folio) {
		memset(page_address(page), 0, PAGE_SIZE);
		SetPageUptodate(page);
		return 0;
	}
	err = mapping->a_ops->read_folio(NULL, page);
	if (!err)
		SetPageUptodate(page);
	return err;
}

struct page *find_or_create_page(struct address_space *mapping, unsigned long index,
				 gfp_t gfp)
{
	struct page *page = find_get_page(mapping, index);
	int err;

	if (page)
		return page;
	page = alloc_page(gfp & ~__GFP_ZERO);	/* filled below, once */
	if (!page)
		return NULL;
	err = add_to_page_cache(page, mapping, index, gfp);
	if (err)
		goto out_put;
	err = filemap_fill_page(mapping, page);
	if (err)
		goto out_delete;
	return page;

out_delete:
	delete_from_page_cache(page);
	put_page(page);
	return ERR_PTR(err);
out_put:
	put_page(page);
	return err == -ENOMEM ? NULL : ERR_PTR(err);
}

/* Zero the bytes of the page at index from offset to its end, if it is cached. */
static void zero_page_tail(struct address_space *mapping, unsigned long index,
			   unsigned int offset)
{
	struct page *page = find_get_page(mapping, index);

	if (!page)
		return;
	memset((char *)page_address(page) + offset, 0, PAGE_SIZE - offset);
	put_page(page);
}

void truncate_inode_pages(struct address_space *mapping, loff_t lstart)
{
	struct page *batch[TRUNCATE_BATCH];
	unsigned long start;
	unsigned int partial, n;

	if (lstart < 0)
		lstart = 0;
	start = (unsigned long)lstart >> PAGE_SHIFT;
	partial = (unsigned int)(lstart & (PAGE_SIZE - 1));
	if (partial)
		zero_page_tail(mapping, start++, partial);
	while ((n = radix_tree_gang_lookup(&mapping->i_pages, (void **)batch, start,
					   TRUNCATE_BATCH)) > 0) {
		bool last = batch[n - 1]->index == ~0UL;

		start = batch[n - 1]->index + 1;
		for (unsigned int i = 0; i < n; i++)
			delete_from_page_cache(batch[i]);
		if (last)
			break;
	}
}

/* ---- read and write ------------------------------------------------------------ */

/*
 * The page to read index from, referenced; NULL for a hole with no
 * filesystem behind it (read as zeros), or an ERR_PTR.
 */
static struct page *filemap_get_read_page(struct address_space *mapping,
					  unsigned long index)
{
	struct page *page = find_get_page(mapping, index);

	if (page || !mapping->a_ops || !mapping->a_ops->read_folio)
		return page;
	page = find_or_create_page(mapping, index, GFP_KERNEL);
	return page ? page : ERR_PTR(-ENOMEM);
}

/*
 * One page's part of a read or a write: n bytes at offset of the page at
 * index, to or from buf.  Returns the bytes NOT copied, or -errno.
 */
typedef long (*filemap_actor_t)(struct address_space *mapping, unsigned long index,
				unsigned int offset, char __user *buf, size_t n);

static long filemap_copy_out(struct address_space *mapping, unsigned long index,
			     unsigned int offset, char __user *buf, size_t n)
{
	struct page *page = filemap_get_read_page(mapping, index);
	unsigned long left;

	if (IS_ERR(page))
		return PTR_ERR(page);
	if (!page)
		return (long)clear_user(buf, n);
	left = copy_to_user(buf, (char *)page_address(page) + offset, n);
	put_page(page);
	return (long)left;
}

/* A write's part: the page is created (zero-filled) if the file has none there. */
static long filemap_copy_in(struct address_space *mapping, unsigned long index,
			    unsigned int offset, char __user *buf, size_t n)
{
	struct page *page = find_or_create_page(mapping, index, GFP_KERNEL);
	unsigned long left;

	if (!page)
		return -ENOMEM;
	if (IS_ERR(page))
		return PTR_ERR(page);
	/* raw: a fault must not zero file data that was already there */
	left = raw_copy_from_user((char *)page_address(page) + offset, buf, n);
	SetPageDirty(page);
	put_page(page);
	return (long)left;
}

/*
 * Run actor on each page's part of [*pos, *pos + count), moving *pos
 * past what was copied.  Stops at the first error or short copy (a
 * user fault): the bytes copied, or if none, the error (-EFAULT for a
 * fault).
 */
static ssize_t filemap_copy_range(struct address_space *mapping, loff_t *pos,
				  char __user *buf, size_t count, filemap_actor_t actor)
{
	size_t done = 0;
	long err = 0;

	while (done < count) {
		unsigned int offset = (unsigned int)(*pos & (PAGE_SIZE - 1));
		size_t n = min(count - done, (size_t)(PAGE_SIZE - offset));
		long left = actor(mapping, (unsigned long)(*pos >> PAGE_SHIFT), offset,
				  buf + done, n);

		if (left < 0) {
			err = left;
			break;
		}
		done += n - (size_t)left;
		*pos += (loff_t)(n - (size_t)left);
		if (left) {
			err = -EFAULT;
			break;
		}
	}
	return done ? (ssize_t)done : err;
}

ssize_t generic_file_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;

	if (*pos < 0)
		return -EINVAL;
	if (*pos >= inode->i_size)
		return 0;
	count = min(count, (size_t)(inode->i_size - *pos));
	return filemap_copy_range(inode->i_mapping, pos, buf, count, filemap_copy_out);
}

ssize_t generic_file_write(struct file *file, const char __user *buf, size_t count,
			   loff_t *pos)
{
	struct inode *inode = file->f_inode;
	loff_t p = (file->f_flags & O_APPEND) ? inode->i_size : *pos;
	ssize_t ret;

	if (p < 0)
		return -EINVAL;
	if (count == 0)
		return 0;
	if (p >= MAX_LFS_FILESIZE)
		return -EFBIG;
	count = min(count, (size_t)(MAX_LFS_FILESIZE - p));
	/* filemap_copy_in only reads from buf */
	ret = filemap_copy_range(inode->i_mapping, &p, (char __user *)buf, count,
				 filemap_copy_in);
	if (p > inode->i_size)
		inode->i_size = p;
	if (ret > 0)
		inode->i_mtime = inode->i_ctime = current_time();
	*pos = p;
	return ret;
}

/* ---- mapping files into user memory -------------------------------------------- */

static struct address_space *vma_mapping(const struct vm_area_struct *vma)
{
	return vma->vm_file->f_inode->i_mapping;
}

/*
 * A file VMA is on its mapping's i_mmap list from its insertion into an
 * mm (__insert_vm_struct(), mm/vma.c) until remove_vma(), so truncation
 * can reach every page table that maps the file.
 */
void vma_link_file(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		list_add_tail(&vma->shared, &vma_mapping(vma)->i_mmap);
}

void unlink_file_vma(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		list_del_init(&vma->shared);
}

/*
 * The page at vmf->pgoff, referenced, in vmf->page.  A ramfs file's
 * bytes are all in its cache, so a missing page inside i_size is a hole
 * never written: it gets a zeroed page of its own, as a write would.  A
 * page wholly beyond end of file is VM_FAULT_SIGBUS (the part of the last
 * page past i_size reads as zeros: truncate and write keep it zeroed).
 * Linux also starts readahead here and waits on the page lock.
 */
int filemap_fault(struct vm_fault *vmf)
{
	struct address_space *mapping = vma_mapping(vmf->vma);
	struct inode *inode = mapping->host;
	unsigned long max_idx = DIV_ROUND_UP((unsigned long)inode->i_size, PAGE_SIZE);
	struct page *page;

	if (vmf->pgoff >= max_idx)
		return VM_FAULT_SIGBUS;
	page = find_get_page(mapping, vmf->pgoff);
	if (!page)
		page = find_or_create_page(mapping, vmf->pgoff, GFP_KERNEL);
	if (!page)
		return VM_FAULT_OOM;
	if (IS_ERR(page))
		return VM_FAULT_SIGBUS;		/* Linux: an I/O error is SIGBUS too */
	vmf->page = page;
	return 0;
}

const struct vm_operations_struct generic_file_vm_ops = {
	.fault = filemap_fault,
};

/* f_op->mmap of page-cache files: faults are served from the cache. */
int generic_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	(void)file;
	vma->vm_ops = &generic_file_vm_ops;
	return 0;
}

/* The part of vma over file pages [first, last] loses its ptes. */
static void unmap_mapping_vma(struct vm_area_struct *vma, unsigned long first,
			      unsigned long last)
{
	unsigned long vstart = vma->vm_pgoff, vend = vma->vm_pgoff + vma_pages(vma) - 1;
	unsigned long from = max(first, vstart), to = min(last, vend);

	if (from > to)
		return;
	unmap_page_range(vma, vma->vm_start + ((from - vstart) << PAGE_SHIFT),
			 vma->vm_start + ((to - vstart + 1) << PAGE_SHIFT));
}

/*
 * even_cows 0 leaves private mappings alone (their pages may be private
 * copies the process owns); Linux then still zaps their not yet copied
 * page-cache pages, one by one.  Truncation passes 1: everything goes.
 */
void unmap_mapping_range(struct address_space *mapping, loff_t holebegin,
			 loff_t holelen, int even_cows)
{
	unsigned long first = (unsigned long)PFN_UP((u64)holebegin);
	unsigned long last = ~0UL;
	struct vm_area_struct *vma;

	if (holelen)
		last = first + (unsigned long)PFN_UP((u64)holelen) - 1;
	list_for_each_entry(vma, &mapping->i_mmap, shared)
		if (even_cows || (vma->vm_flags & VM_MAYSHARE))
			unmap_mapping_vma(vma, first, last);
}

/*
 * A file is cut to newsize: the pages wholly beyond it leave every page
 * table first, then the cache (the partial last page stays mapped, its
 * tail zeroed), so no process keeps a freed page.  A second unmap catches
 * what a fault mapped in between (none here: one CPU, no sleep).
 * Linux: truncate_pagecache() in mm/truncate.c.
 */
void truncate_pagecache(struct inode *inode, loff_t newsize)
{
	struct address_space *mapping = inode->i_mapping;
	loff_t holebegin = (loff_t)PAGE_ALIGN((u64)newsize);

	unmap_mapping_range(mapping, holebegin, 0, 1);
	truncate_inode_pages(mapping, newsize);
}
