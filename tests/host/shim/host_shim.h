/*
 * tests/host/shim/host_shim.h - read first by every host-compiled mm/
 * source, shim and test (host.mk passes it with -include).
 *
 * The kernel reaches all physical memory through the direct map:
 * __va(pa) = pa + PAGE_OFFSET (include/mneme/mm_early.h).  On the host,
 * PAGE_OFFSET is the address of a buffer of fake RAM, so __va(), __pa(),
 * page_address(), __GFP_ZERO and memblock_alloc() work unchanged on
 * physical addresses [0, HOST_FAKE_RAM_SIZE).
 *
 * The limit: a test's fake machine must keep every page the kernel code
 * will touch through __va() below HOST_FAKE_RAM_SIZE (64 MiB, 16384
 * frames).  Addresses above it may still be used as numbers (a memblock
 * range at 4 GiB, a zone that is only counted), never dereferenced; the
 * page after the buffer is unmapped, so the first byte past it faults
 * (ASan does not watch this buffer: it is mmap()ed, not malloc()ed).
 *
 * Nothing here includes a C library header: mm/ is compiled with the
 * lib/ renames on (memset -> k_memset, ...), see host.mk.
 */
#ifndef MNEME_HOST_SHIM_H
#define MNEME_HOST_SHIM_H

#define HOST_FAKE_RAM_SIZE	(64UL << 20)

/* Page-aligned, HOST_FAKE_RAM_SIZE bytes, zero at start (kernel_shim.c). */
extern unsigned char *host_fake_ram;

#define PAGE_OFFSET		((unsigned long)host_fake_ram)

#endif
