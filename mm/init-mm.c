/*
 * mm/init-mm.c - init_mm, the kernel's own address space: the page
 * tables every kernel mapping lives in (the direct map, the image, the
 * vmalloc area).  User address spaces will copy its kernel half.
 * Linux: mm/init-mm.c.
 */
#include <mneme/pgtable.h>

struct mm_struct init_mm = {
	.pgd = swapper_pg_dir,
};
