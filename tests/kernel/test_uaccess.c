/*
 * tests/kernel/test_uaccess.c - ktests for copy_from_user() and friends
 * (<mneme/uaccess.h>, arch/x86/usercopy.c).
 *
 * There are no processes yet, so each test maps three pages of "user
 * space" at USER_BASE in init_mm's lower half: a writable page, a
 * read-only page, then nothing.  Copies that run off the mapped part must
 * stop there and say how much was left; pointers into the kernel must be
 * refused without being touched; and a plain kernel access to the user
 * page must fault when the CPU has SMAP.  The mapping and its page tables
 * are removed again, so the leak check after the suites stays clean.
 */
#include <asm/cpufeature.h>
#include <asm/extable.h>
#include <asm/traps.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/pgtable.h>
#include <mneme/string.h>
#include <mneme/tlbflush.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

#define USER_BASE	0x400000UL
#define RW_PAGE		USER_BASE			/* writable */
#define RO_PAGE		(USER_BASE + PAGE_SIZE)		/* read-only */
#define HOLE		(USER_BASE + 2 * PAGE_SIZE)	/* not mapped */

struct user_pages {
	struct page *page[2];
	int next;
};

static int map_user_pte(pte_t *pte, unsigned long addr, void *data)
{
	struct user_pages *u = data;
	pgprot_t prot = addr == RW_PAGE ? PAGE_SHARED : PAGE_READONLY;

	set_pte(pte, mk_pte(u->page[u->next++], prot));
	return 0;
}

static int unmap_user_pte(pte_t *pte, unsigned long addr, void *data)
{
	(void)addr;
	(void)data;
	pte_clear(pte);
	return 0;
}

static bool map_user_pages(struct user_pages *u)
{
	u->next = 0;
	u->page[0] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	u->page[1] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (u->page[0] && u->page[1] &&
	    !apply_to_page_range(&init_mm, USER_BASE, 2 * PAGE_SIZE, map_user_pte, u))
		return true;
	if (u->page[0])
		__free_page(u->page[0]);
	if (u->page[1])
		__free_page(u->page[1]);
	free_empty_kernel_tables(&init_mm, USER_BASE, 3 * PAGE_SIZE);
	return false;
}

static void unmap_user_pages(struct user_pages *u)
{
	apply_to_existing_page_range(&init_mm, USER_BASE, 2 * PAGE_SIZE, unmap_user_pte, NULL);
	flush_tlb_kernel_range(USER_BASE, USER_BASE + 2 * PAGE_SIZE);
	free_empty_kernel_tables(&init_mm, USER_BASE, 3 * PAGE_SIZE);
	__free_page(u->page[0]);
	__free_page(u->page[1]);
}

#define UPTR(addr)	((void __user *)(addr))

KTEST(uaccess, copies_to_and_from_mapped_user_memory)
{
	struct user_pages u;
	char buf[100], back[100];

	KT_ASSERT_TRUE(kt, map_user_pages(&u));
	for (int i = 0; i < 100; i++)
		buf[i] = (char)(i * 7);
	KT_EXPECT_EQ(kt, copy_to_user(UPTR(RW_PAGE + 50), buf, 100), 0);
	KT_EXPECT_EQ(kt, memcmp((char *)page_address(u.page[0]) + 50, buf, 100), 0);
	KT_EXPECT_EQ(kt, copy_from_user(back, UPTR(RW_PAGE + 50), 100), 0);
	KT_EXPECT_EQ(kt, memcmp(back, buf, 100), 0);
	/* the read-only page can be read */
	memset(page_address(u.page[1]), 'r', 16);
	KT_EXPECT_EQ(kt, copy_from_user(back, UPTR(RO_PAGE), 16), 0);
	KT_EXPECT_EQ(kt, back[15], 'r');
	KT_EXPECT_EQ(kt, clear_user(UPTR(RW_PAGE + 50), 100), 0);
	KT_EXPECT_EQ(kt, ((char *)page_address(u.page[0]))[149], 0);
	unmap_user_pages(&u);
}

KTEST(uaccess, copy_stops_where_the_mapping_ends_and_says_how_much_is_left)
{
	struct user_pages u;
	char buf[64];

	KT_ASSERT_TRUE(kt, map_user_pages(&u));
	memset(buf, 'k', sizeof(buf));
	/* 10 bytes fit in the writable page, the rest would hit the read-only one */
	KT_EXPECT_EQ(kt, copy_to_user(UPTR(RO_PAGE - 10), buf, 64), 54);
	KT_EXPECT_EQ(kt, ((char *)page_address(u.page[0]))[PAGE_SIZE - 1], 'k');
	KT_EXPECT_EQ(kt, ((char *)page_address(u.page[1]))[0], 0);
	KT_EXPECT_EQ(kt, clear_user(UPTR(RO_PAGE - 4), 8), 4);
	/* reading into the hole: 24 bytes copied, the rest of buf zeroed */
	memset(page_address(u.page[1]), 'r', PAGE_SIZE);
	memset(buf, 'x', sizeof(buf));
	KT_EXPECT_EQ(kt, copy_from_user(buf, UPTR(HOLE - 24), 64), 40);
	KT_EXPECT_EQ(kt, buf[23], 'r');
	KT_EXPECT_EQ(kt, buf[24], 0);
	KT_EXPECT_EQ(kt, buf[63], 0);
	unmap_user_pages(&u);
}

KTEST(uaccess, kernel_and_wrapping_pointers_are_refused_untouched)
{
	static char secret[32] = "the kernel's own data";
	char buf[32];
	unsigned long fixups_vector = last_fixup_vector, fixups_addr = last_fixup_address;

	memset(buf, 'x', sizeof(buf));
	KT_EXPECT_EQ(kt, copy_from_user(buf, UPTR(secret), sizeof(buf)), sizeof(buf));
	KT_EXPECT_EQ(kt, buf[0], 0);			/* zeroed, not the secret */
	KT_EXPECT_EQ(kt, copy_to_user(UPTR(secret), "overwrite", 9), 9);
	KT_EXPECT_EQ(kt, secret[0], 't');
	KT_EXPECT_EQ(kt, copy_from_user(buf, UPTR(TASK_SIZE_MAX - 8), 16), 16);	/* crosses the top */
	KT_EXPECT_EQ(kt, copy_to_user(UPTR(~0UL - 3), buf, 8), 8);		/* wraps around */
	/* refused by access_ok(): no access was even tried */
	KT_EXPECT_EQ(kt, last_fixup_vector, fixups_vector);
	KT_EXPECT_EQ(kt, last_fixup_address, fixups_addr);
}

KTEST(uaccess, get_user_and_put_user_of_each_size)
{
	struct user_pages u;
	u8 b = 0;
	u16 h = 0;
	u32 w = 0;
	u64 q = 0;

	KT_ASSERT_TRUE(kt, map_user_pages(&u));
	KT_EXPECT_EQ(kt, put_user((u8)0x12, (u8 __user *)UPTR(RW_PAGE)), 0);
	KT_EXPECT_EQ(kt, put_user((u16)0x3456, (u16 __user *)UPTR(RW_PAGE + 2)), 0);
	KT_EXPECT_EQ(kt, put_user(0x789abcdeU, (u32 __user *)UPTR(RW_PAGE + 4)), 0);
	KT_EXPECT_EQ(kt, put_user(0x1122334455667788UL, (u64 __user *)UPTR(RW_PAGE + 8)), 0);
	KT_EXPECT_EQ(kt, get_user(b, (u8 __user *)UPTR(RW_PAGE)), 0);
	KT_EXPECT_EQ(kt, get_user(h, (u16 __user *)UPTR(RW_PAGE + 2)), 0);
	KT_EXPECT_EQ(kt, get_user(w, (u32 __user *)UPTR(RW_PAGE + 4)), 0);
	KT_EXPECT_EQ(kt, get_user(q, (u64 __user *)UPTR(RW_PAGE + 8)), 0);
	KT_EXPECT_EQ(kt, b, 0x12);
	KT_EXPECT_EQ(kt, h, 0x3456);
	KT_EXPECT_EQ(kt, w, 0x789abcdeU);
	KT_EXPECT_EQ(kt, q, 0x1122334455667788UL);
	KT_EXPECT_EQ(kt, put_user(1, (int __user *)UPTR(RO_PAGE)), -EFAULT);
	KT_EXPECT_EQ(kt, get_user(q, (u64 __user *)UPTR(HOLE)), -EFAULT);
	KT_EXPECT_EQ(kt, q, 0);					/* cleared on failure */
	KT_EXPECT_EQ(kt, get_user(w, (u32 __user *)NULL), -EFAULT);
	unmap_user_pages(&u);
}

KTEST(uaccess, strncpy_from_user_lengths_and_faults)
{
	struct user_pages u;
	char *user_rw;
	char dst[16];

	KT_ASSERT_TRUE(kt, map_user_pages(&u));
	user_rw = page_address(u.page[0]);
	strlcpy(user_rw, "mneme", 16);
	KT_EXPECT_EQ(kt, strncpy_from_user(dst, UPTR(RW_PAGE), sizeof(dst)), 5);
	KT_EXPECT_STREQ(kt, dst, "mneme");
	KT_EXPECT_EQ(kt, strncpy_from_user(dst, UPTR(RW_PAGE), 3), 3);	/* no NUL in 3 */
	memset(page_address(u.page[1]), 'a', PAGE_SIZE);		/* no NUL before the hole */
	KT_EXPECT_EQ(kt, strncpy_from_user(dst, UPTR(HOLE - 4), sizeof(dst)), -EFAULT);
	KT_EXPECT_EQ(kt, strncpy_from_user(dst, UPTR((unsigned long)dst), sizeof(dst)), -EFAULT);
	unmap_user_pages(&u);
}

KTEST(uaccess, smap_stops_plain_kernel_access_to_user_pages)
{
	struct user_pages u;
	u64 v;

	if (!boot_cpu_has(X86_FEATURE_SMAP))
		KT_SKIP(kt, "the CPU has no SMAP");
	KT_ASSERT_TRUE(kt, map_user_pages(&u));
	*(u64 *)page_address(u.page[0]) = 42;
	/* the same page through the direct map is fine; through its user address not */
	KT_EXPECT_EQ(kt, probe_kernel_read_u64((void *)RW_PAGE, &v), -EFAULT);
	KT_EXPECT_EQ(kt, last_fixup_address, RW_PAGE);
	KT_EXPECT_EQ(kt, last_fixup_error_code & X86_PF_PROT, X86_PF_PROT);
	KT_EXPECT_EQ(kt, get_user(v, (u64 __user *)UPTR(RW_PAGE)), 0);
	KT_EXPECT_EQ(kt, v, 42);
	unmap_user_pages(&u);
}
