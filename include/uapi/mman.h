/*
 * uapi/mman.h - mremap()'s flags and madvise()'s advice values, Linux's
 * numbers (include/uapi/linux/mman.h, include/uapi/asm-generic/mman-common.h).
 * mmap()'s PROT_* and MAP_* are in <mneme/mmap.h>.
 */
#ifndef UAPI_MMAN_H
#define UAPI_MMAN_H

#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4

#define MADV_NORMAL		0	/* no special treatment */
#define MADV_RANDOM		1	/* expect random page references */
#define MADV_SEQUENTIAL		2	/* expect sequential page references */
#define MADV_WILLNEED		3	/* will need these pages */
#define MADV_DONTNEED		4	/* do not need these pages */
#define MADV_FREE		8	/* free pages only if memory pressure */
#define MADV_REMOVE		9	/* remove these pages and resources */
#define MADV_DONTFORK		10	/* do not inherit across fork */
#define MADV_DOFORK		11	/* do inherit across fork */
#define MADV_WIPEONFORK		18	/* zero memory on fork, child only */
#define MADV_KEEPONFORK		19	/* undo MADV_WIPEONFORK */

#endif
