/*
 * mm/filemap_stub.c - A STAND-IN for the page cache, until the
 * `pagecache` branch's mm/filemap.c is merged; then this file goes.
 *
 * It implements exactly the functions of <mneme/pagemap.h> (and
 * generic_file_read/generic_file_write of <mneme/fs.h>) in the simplest
 * way that is correct: a mapping's pages are a singly linked list
 * through page->private, with mapping->i_pages pointing at the first,
 * and every lookup walks the list.  The real one is a radix tree.
 * Invariants (the same as the real one's): a cached page has
 * page->mapping and page->index set and one reference held by the
 * cache; nrpages counts the list.  Locking: none (one CPU).
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/pagemap.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

static unsigned long nr_file_pages;

void address_space_init(struct address_space *mapping, struct inode *host)
{
	memset(mapping, 0, sizeof(*mapping));
	mapping->host = host;
}

static struct page *next_page(const struct page *page)
{
	return (struct page *)page->private;
}

static struct page *lookup(struct address_space *mapping, unsigned long index)
{
	for (struct page *p = mapping->i_pages; p; p = next_page(p))
		if (p->index == index)
			return p;
	return NULL;
}

struct page *find_get_page(struct address_space *mapping, unsigned long index)
{
	struct page *page = lookup(mapping, index);

	if (page)
		get_page(page);
	return page;
}

int add_to_page_cache(struct page *page, struct address_space *mapping,
		      unsigned long index, gfp_t gfp)
{
	if (lookup(mapping, index))
		return -EEXIST;
	get_page(page);
	page->mapping = mapping;
	page->index = index;
	page->private = (unsigned long)mapping->i_pages;
	mapping->i_pages = page;
	mapping->nrpages++;
	nr_file_pages++;
	return 0;
}

struct page *find_or_create_page(struct address_space *mapping, unsigned long index,
				 gfp_t gfp)
{
	struct page *page = find_get_page(mapping, index);
	int err;

	if (page)
		return page;
	page = alloc_page(gfp | __GFP_ZERO);
	if (!page)
		return NULL;
	err = add_to_page_cache(page, mapping, index, gfp);
	if (!err && mapping->a_ops && mapping->a_ops->read_folio)
		err = mapping->a_ops->read_folio(NULL, page);
	if (err) {
		if (page->mapping)
			delete_from_page_cache(page);
		put_page(page);
		return ERR_PTR(err);
	}
	return page;
}

void delete_from_page_cache(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct page **pp = (struct page **)&mapping->i_pages;

	while (*pp && *pp != page)
		pp = (struct page **)&(*pp)->private;
	BUG_ON(!*pp);
	*pp = next_page(page);
	page->private = 0;
	page->mapping = NULL;
	mapping->nrpages--;
	nr_file_pages--;
	put_page(page);
}

void truncate_inode_pages(struct address_space *mapping, loff_t lstart)
{
	unsigned long first = (unsigned long)((lstart + PAGE_SIZE - 1) >> PAGE_SHIFT);
	struct page *page = mapping->i_pages, *next;
	size_t partial = (size_t)(lstart & (PAGE_SIZE - 1));

	for (; page; page = next) {
		next = next_page(page);
		if (page->index >= first)
			delete_from_page_cache(page);
	}
	if (partial) {
		page = lookup(mapping, (unsigned long)(lstart >> PAGE_SHIFT));
		if (page)
			memset((char *)page_address(page) + partial, 0, PAGE_SIZE - partial);
	}
}

unsigned long global_file_pages(void)
{
	return nr_file_pages;
}

ssize_t generic_file_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	size_t done = 0;

	if (*pos < 0)
		return -EINVAL;
	if (*pos >= inode->i_size)
		return 0;
	count = min(count, (size_t)(inode->i_size - *pos));
	while (done < count) {
		size_t off = (size_t)(*pos & (PAGE_SIZE - 1));
		size_t n = min(count - done, PAGE_SIZE - off);
		struct page *page = find_get_page(inode->i_mapping, (unsigned long)(*pos >> PAGE_SHIFT));
		unsigned long left;

		if (page) {
			left = copy_to_user(buf + done, (char *)page_address(page) + off, n);
			put_page(page);
		} else {
			left = clear_user(buf + done, n);
		}
		done += n - left;
		*pos += n - left;
		if (left)
			return done ? (ssize_t)done : -EFAULT;
	}
	return (ssize_t)done;
}

ssize_t generic_file_write(struct file *file, const char __user *buf, size_t count,
			   loff_t *pos)
{
	struct inode *inode = file->f_inode;
	size_t done = 0;

	if (*pos < 0)
		return -EINVAL;
	while (done < count) {
		size_t off = (size_t)(*pos & (PAGE_SIZE - 1));
		size_t n = min(count - done, PAGE_SIZE - off);
		struct page *page = find_or_create_page(inode->i_mapping,
							(unsigned long)(*pos >> PAGE_SHIFT), GFP_KERNEL);
		unsigned long left;

		if (IS_ERR_OR_NULL(page))
			return done ? (ssize_t)done : -ENOMEM;
		left = copy_from_user((char *)page_address(page) + off, buf + done, n);
		put_page(page);
		done += n - left;
		*pos += n - left;
		if (*pos > inode->i_size)
			inode->i_size = *pos;
		if (left)
			return done ? (ssize_t)done : -EFAULT;
	}
	inode->i_mtime = inode->i_ctime = current_time();
	return (ssize_t)done;
}
