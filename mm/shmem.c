/*
 * mm/shmem.c - shared anonymous memory (mmap MAP_SHARED|MAP_ANONYMOUS):
 * an object with its own page cache that every VMA mapping it, in every
 * process, faults its pages from, so a write by one is seen by all.
 *
 * The object is an internal inode (never in a directory) whose i_data
 * holds the pages by index (mm/filemap.c: find_or_create_page() makes a
 * zeroed page on first use).  A VMA's page at addr is index vm_pgoff +
 * (addr - vm_start) / PAGE_SIZE; a new mapping starts at vm_pgoff 0 and
 * splits keep the arithmetic.  Each VMA holds one reference (open() at
 * split and fork, close() when a VMA goes); the last close truncates the
 * cache and frees the object.
 *
 * Data owned: the shmem objects and their pages (counted in NR_SHMEM
 * while cached; MM_SHMEMPAGES per mm while mapped).  Invariants: a
 * shmem page's _refcount is the cache's reference plus one per pte.
 * Locking: one CPU.
 * Linux: mm/shmem.c (shmem_zero_setup, shmem_fault, shmem_file_setup);
 * Linux's object is a file on the internal tmpfs mount with an inode.
 */
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/pagemap.h>
#include <mneme/slab.h>
#include <mneme/vma.h>
#include <mneme/vmstat.h>
#include <uapi/errno.h>

struct shmem_object {
	struct inode inode;		/* i_data: the pages */
	unsigned long refs;		/* VMAs mapping it */
};

/* No read_folio: new pages are zeroed; this pointer marks shmem pages. */
static const struct address_space_operations shmem_aops;

bool shmem_mapping(const struct address_space *mapping)
{
	return mapping && mapping->a_ops == &shmem_aops;
}

static struct shmem_object *vma_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_private_data;
}

static void shmem_vm_open(struct vm_area_struct *vma)
{
	vma_shmem(vma)->refs++;
}

/* The last VMA gone: its pages leave the cache (freed once unmapped), then the object. */
static void shmem_vm_close(struct vm_area_struct *vma)
{
	struct shmem_object *obj = vma_shmem(vma);

	if (--obj->refs)
		return;
	mod_node_page_state(NR_SHMEM, -(long)obj->inode.i_data.nrpages);
	truncate_inode_pages(&obj->inode.i_data, 0);
	kfree(obj);
}

/* The object's page at vmf->pgoff, zeroed and cached on first use. */
static int shmem_fault(struct vm_fault *vmf)
{
	struct address_space *mapping = &vma_shmem(vmf->vma)->inode.i_data;
	unsigned long before = mapping->nrpages;
	struct page *page = find_or_create_page(mapping, vmf->pgoff, GFP_USER);

	if (IS_ERR_OR_NULL(page))
		return VM_FAULT_OOM;
	if (mapping->nrpages > before)
		inc_node_page_state(NR_SHMEM);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct shmem_vm_ops = {
	.open = shmem_vm_open,
	.close = shmem_vm_close,
	.fault = shmem_fault,
};

bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &shmem_vm_ops;
}

int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct shmem_object *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	if (!obj)
		return -ENOMEM;
	address_space_init(&obj->inode.i_data, &obj->inode);
	obj->inode.i_data.a_ops = &shmem_aops;
	obj->inode.i_size = (loff_t)(vma->vm_end - vma->vm_start);
	obj->refs = 1;
	vma->vm_private_data = obj;
	vma->vm_ops = &shmem_vm_ops;
	vma->vm_pgoff = 0;
	return 0;
}
