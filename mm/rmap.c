/*
 * mm/rmap.c - the mapping count of pages mapped into user space.
 *
 * Data owned: page->_mapcount of user-mapped pages (-1: unmapped, so 0
 * is "mapped once", Linux's convention) and the NR_ANON_MAPPED and
 * NR_FILE_MAPPED states, which count pages mapped at least once.  A
 * mapping always comes with a page reference (_refcount) taken by its
 * mapper; these functions do not touch _refcount.  The zero page is
 * never counted.  Locking: one CPU; callers hold the mm's page tables
 * (nothing else maps into them).  Not yet here: the reverse map itself
 * (anon_vma chains, i_mmap), needed by reclaim and swap.
 * Linux: mm/rmap.c (page_add_new_anon_rmap, page_add_file_rmap,
 * page_remove_rmap), include/linux/rmap.h (page_dup_rmap).
 */
#include <mneme/mm.h>
#include <mneme/rmap.h>
#include <mneme/vmstat.h>

void page_add_new_anon_rmap(struct page *page)
{
	page->_mapcount = 0;
	inc_node_page_state(NR_ANON_MAPPED);
}

void page_add_file_rmap(struct page *page)
{
	if (++page->_mapcount == 0)
		inc_node_page_state(NR_FILE_MAPPED);
}

/* The page is mapped already, so no state changes (Linux: page_dup_rmap()). */
void page_dup_rmap(struct page *page)
{
	page->_mapcount++;
}

void page_remove_rmap(struct page *page)
{
	VM_BUG_ON_PAGE(page->_mapcount < 0, page);
	if (--page->_mapcount >= 0)
		return;
	dec_node_page_state(PageAnon(page) ? NR_ANON_MAPPED : NR_FILE_MAPPED);
}
