/*
 * tests/host/shim/kernel_shim.h - what tests/host/shim/kernel_shim.c offers
 * the host tests besides the kernel functions it stands in for.
 *
 * printk() on the host appends each message, without its KERN_<LEVEL>
 * prefix, to a capture buffer, so a test can check what the kernel said
 * ("BUG: Bad page state", "page allocation failure").  With HOST_PRINTK=1
 * in the environment the messages also go to stdout.  The buffer keeps
 * the last HOST_PRINTK_BUF_SIZE bytes or so: when it fills, the older
 * half is dropped.
 */
#ifndef MNEME_HOST_KERNEL_SHIM_H
#define MNEME_HOST_KERNEL_SHIM_H

#include <stdbool.h>
#include <stddef.h>

#define HOST_PRINTK_BUF_SIZE	(256 * 1024)

/* Everything printk()ed since the last reset, NUL-terminated. */
const char *host_printk_buffer(void);
void host_printk_reset(void);
/* Whether the capture holds s (strstr on host_printk_buffer()). */
bool host_printk_contains(const char *s);

/* warn_slowpath() calls (WARN_ON, WARN_ON_ONCE) since the start. */
unsigned long host_warn_count(void);

/*
 * The kernel command line param_get() answers from (mm/mm_init.c asks
 * for mem=).  Empty until set; returns cmdline_parse()'s result.
 */
int host_params_set(const char *text);


/* VMAs from vm_area_alloc()/vm_area_dup() not yet vm_area_free()d. */
/* The VMA tests' files (fs_shim.c): 1..HOST_NR_FILES, and the references VMAs hold. */
#define HOST_NR_FILES	8
struct file *host_file(int n);
int host_file_refs(int n);
int host_file_mapcount(int n);	/* VMAs on its i_mmap list */
/* fs.h's, declared here as fs.h's types clash with the C library's. */
struct file *get_file(struct file *file);
void fput(struct file *file);
extern long host_vma_live;
/* Make the n-th vm_area_alloc()/vm_area_dup() from now fail (0: none). */
extern long host_vma_fail_at;

/* The last TLB flush's range ([0, ~0UL) for flush_tlb_all()). */
extern unsigned long host_tlb_flush_start, host_tlb_flush_end;

#endif
