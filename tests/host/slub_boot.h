/*
 * tests/host/slub_boot.h - a small machine with SLUB running, for the host
 * tests of mm/slub.c, mm/slub_debug.c and mm/vmalloc.c (defined in
 * test_slub.c).
 *
 * slub_boot() sets up mem_map and two zones over the shim's fake RAM as
 * mm/mm_init.c would, frees everything but pfn 0 to the buddy allocator,
 * resets the slab counters and calls kmem_cache_init(), which reads
 * slub_debug= from host_params_set()'s command line.
 */
#ifndef MNEME_HOST_SLUB_BOOT_H
#define MNEME_HOST_SLUB_BOOT_H

void slub_boot(void);

#endif
