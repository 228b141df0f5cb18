/*
 * gfp.h - "get free pages" flags: what an allocation may do and where its
 * memory may come from.  Bit values as in Linux (include/linux/gfp_types.h).
 */
#ifndef MNEME_GFP_H
#define MNEME_GFP_H

#include <mneme/types.h>

typedef unsigned int gfp_t;

/* Zone modifiers: the highest zone the memory may come from. */
#define __GFP_DMA		0x01u	/* below 16 MiB (old ISA DMA) */
#define __GFP_HIGHMEM		0x02u	/* 32-bit only; x86_64 has no highmem */
#define __GFP_DMA32		0x04u	/* below 4 GiB (32-bit DMA devices) */
#define __GFP_MOVABLE		0x08u	/* not used yet: no page migration */
#define GFP_ZONEMASK		(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

/* Watermark and reclaim modifiers. */
#define __GFP_HIGH		0x20u	/* important: may dip below the min watermark */
#define __GFP_IO		0x40u	/* may start disk I/O to free memory */
#define __GFP_FS		0x80u	/* may call into filesystems to free memory */
#define __GFP_ZERO		0x100u	/* return zero-filled pages */
#define __GFP_DIRECT_RECLAIM	0x400u	/* may sleep and reclaim (the caller can wait) */
#define __GFP_KSWAPD_RECLAIM	0x800u	/* may wake kswapd (background reclaim) */
#define __GFP_NOWARN		0x2000u	/* failure is expected: no warning, no Mem-Info */
#define __GFP_NOFAIL		0x8000u	/* never fail (fault injection skips it too) */
#define __GFP_NORETRY		0x10000u /* fail rather than try hard (reclaim once at most) */
#define __GFP_HARDWALL		0x100000u /* user allocation: respect the task's limits */

#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

/* The combinations callers use. */
#define GFP_ATOMIC	(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)	/* cannot sleep (interrupts) */
#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)	/* ordinary kernel memory */
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM)			/* cannot sleep, not urgent */
#define GFP_USER	(GFP_KERNEL | __GFP_HARDWALL)		/* memory for user pages */
#define GFP_DMA		__GFP_DMA				/* add to GFP_KERNEL: below 16 MiB */
#define GFP_DMA32	__GFP_DMA32				/* add to GFP_KERNEL: below 4 GiB */

#endif
