/*
 * pagemap.h - the page cache: an inode's data pages, found by index.
 *
 * Every regular file's data lives in page-cache pages of its
 * address_space (inode->i_mapping): page->mapping points back at it and
 * page->index is the page's offset in the file / PAGE_SIZE.  The index
 * is a radix tree (mm/filemap.c); the cache holds one reference on each
 * page it contains.  ramfs has no disk behind it, so its pages never
 * leave the cache until the file is truncated or deleted; a later issue
 * backs the same structure with ext2 on a disk.
 * Linux: include/linux/pagemap.h, mm/filemap.c, mm/truncate.c.
 */
#ifndef MNEME_PAGEMAP_H
#define MNEME_PAGEMAP_H

#include <mneme/fs.h>
#include <mneme/gfp.h>
#include <mneme/types.h>

struct page;

/* The page at index with a reference taken (put_page() it), or NULL. */
struct page *find_get_page(struct address_space *mapping, unsigned long index);

/*
 * The page at index, created if absent: a new page is zeroed, or filled
 * by mapping->a_ops->read_folio when the mapping has one.  Referenced;
 * NULL when memory ran out (or ERR_PTR from read_folio).
 */
struct page *find_or_create_page(struct address_space *mapping, unsigned long index,
				 gfp_t gfp);

/* Insert page at index (takes a cache reference): 0, -EEXIST or -ENOMEM. */
int add_to_page_cache(struct page *page, struct address_space *mapping,
		      unsigned long index, gfp_t gfp);

/* Take page out of its mapping's cache, dropping the cache's reference. */
void delete_from_page_cache(struct page *page);

/*
 * Drop every page from byte offset lstart to the end of the file, and
 * zero the tail of the page that lstart falls inside (truncate, unlink).
 */
void truncate_inode_pages(struct address_space *mapping, loff_t lstart);

/* The page cache as a mapping's backer (mm/filemap.c). */
struct vm_fault;
int filemap_fault(struct vm_fault *vmf);
extern const struct vm_operations_struct generic_file_vm_ops;
/* Put a file VMA on (off) its file's i_mmap list: mm/vma.c calls these. */
struct vm_area_struct;
void vma_link_file(struct vm_area_struct *vma);
void unlink_file_vma(struct vm_area_struct *vma);

/*
 * Take the pages of the file offsets [holebegin, holebegin + holelen)
 * (holelen 0: to the end) out of every page table that maps them, before
 * truncation frees them.  even_cows: private copies go too (truncate).
 */
void unmap_mapping_range(struct address_space *mapping, loff_t holebegin,
			 loff_t holelen, int even_cows);
/* Truncation of a file that may be mapped: unmap beyond newsize, then drop the pages. */
void truncate_pagecache(struct inode *inode, loff_t newsize);

/* Set up an inode's empty i_data and point i_mapping at it. */
void address_space_init(struct address_space *mapping, struct inode *host);

/* Boot, after the slab allocator: the radix tree's node cache. */
void page_cache_init(void);

/* Pages in all page caches (nr_file_pages in /proc/vmstat, Cached in meminfo). */
unsigned long global_file_pages(void);

#endif
