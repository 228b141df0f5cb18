/*
 * initrd.h - the cpio archives GRUB loaded as boot modules (fs/initramfs.c).
 *
 * tools/grub.cfg loads build/initrd.cpio as a Multiboot2 module named
 * "initrd" and, with tools/qemu --extra DIR, DIR packed as a second one
 * named "extra".  initrd_init() checks each one at boot (a malformed
 * archive is reported and left out) and prints a summary line.  The
 * archives stay in the memory GRUB put them in, which memblock reserved
 * and nobody frees, so the entries handed out here (names and data point
 * into the archive) stay valid for the kernel's lifetime.
 *
 * There is no VFS yet: this is what the ramfs root will be filled from.
 * Archives come in module order and a later entry with the same path
 * replaces an earlier one (Linux unpacks its initramfs archives the same
 * way), which initrd_lookup() applies and initrd_for_each() leaves to
 * its caller.
 */
#ifndef MNEME_INITRD_H
#define MNEME_INITRD_H

#include <mneme/cpio.h>
#include <mneme/types.h>

struct initrd_archive {
	const char *name;	/* the module's command line: "initrd" or "extra" */
	int module;		/* index in boot_info.modules[] */
	const void *start;	/* the archive, through the direct map */
	size_t size_bytes;
	unsigned int nr_files, nr_dirs, nr_symlinks, nr_other;
};

/* Find, check and count the archives; print one line for each. */
void initrd_init(void);

/* How many well-formed archives there are, and the i-th, in load order. */
int initrd_nr_archives(void);
const struct initrd_archive *initrd_archive(int i);

/*
 * Call fn(entry, archive, arg) for every entry of every archive, in load
 * order, the trailers left out.  Stops when fn returns nonzero and
 * returns that; otherwise 0.
 */
int initrd_for_each(int (*fn)(const struct cpio_entry *e,
			      const struct initrd_archive *a, void *arg),
		    void *arg);

/*
 * The entry for path ("/bin/sh", "bin/sh" and "./bin/sh" are the same),
 * the last one among all archives; 0, or -ENOENT.  A symlink's data is
 * its target, not what it points to.
 */
int initrd_lookup(const char *path, struct cpio_entry *e);

#endif
