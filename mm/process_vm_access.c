/*
 * mm/process_vm_access.c - reading another process's memory from the
 * kernel: access_process_vm(), which /proc/<pid>/cmdline uses.
 *
 * copy_from_user() reads the current address space through the CPU's
 * page tables.  For another task's mm we walk its page tables ourselves
 * (follow_user_page()) and copy out of each page through the direct
 * map, a page at a time.  A page that is not present ends the copy: with
 * eager population every mapped page is present; once demand paging
 * arrives Linux's version faults the page in (get_user_pages_remote()),
 * and this one will have to as well.  Locking: none; the caller keeps
 * the task from being reaped by not sleeping between looking it up and
 * calling here, and this does not sleep.
 * Linux: mm/memory.c (access_process_vm(), __access_remote_vm()).
 */
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/string.h>

int access_process_vm(struct task_struct *tsk, unsigned long addr, void *buf, int len)
{
	struct mm_struct *mm = tsk->mm;
	int done = 0;

	if (!mm || len <= 0)
		return 0;
	while (done < len) {
		unsigned long offset = (addr + done) & (PAGE_SIZE - 1);
		int n = (int)min((unsigned long)(len - done), PAGE_SIZE - offset);
		struct page *page = follow_user_page(mm, addr + done);

		if (!page)
			break;
		memcpy((char *)buf + done, (char *)page_address(page) + offset, n);
		done += n;
	}
	return done;
}
