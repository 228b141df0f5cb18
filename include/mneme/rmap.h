/*
 * rmap.h - how many page tables map a page (_mapcount) and the global
 * mapped-page counters that follow it (NR_ANON_MAPPED, NR_FILE_MAPPED).
 * Mneme has no reverse map yet (no anon_vma chains): the names are
 * Linux's, for the steps that keep _mapcount, so that swap and reclaim
 * can grow the real rmap behind them (mm/rmap.c).
 */
#ifndef MNEME_RMAP_H
#define MNEME_RMAP_H

#include <mneme/mm_types.h>

/* Anonymous memory has no page-cache owner (Linux: PAGE_MAPPING_ANON). */
static inline bool PageAnon(const struct page *page)
{
	return !page->mapping;
}

/* A new anonymous page's first mapping. */
void page_add_new_anon_rmap(struct page *page);
/* One more mapping of a page-cache or shmem page. */
void page_add_file_rmap(struct page *page);
/* fork: the child maps the page too. */
void page_dup_rmap(struct page *page);
/* One mapping fewer (the caller drops the matching reference). */
void page_remove_rmap(struct page *page);

#endif
