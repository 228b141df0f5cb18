/*
 * mm/mmap.c - a process's address space as VMAs: mmap, munmap, brk, the
 * stack VMA and its growth, fork's copy of the VMAs and exit's teardown.
 *
 * Every range of user memory is a struct vm_area_struct in the mm's VMA
 * set (mm/vma.c does the bookkeeping: lookup, free-area search, split,
 * merge).  Nothing here allocates user pages: a VMA is a promise, and
 * the first touch of each page faults (mm/memory.c, handle_mm_fault())
 * and gets the zero page, a new page or a copy.  Unmapping a range
 * detaches its VMAs, zaps their ptes and frees the pages and the page
 * tables nothing covers any more (unmap_region()).
 *
 * Data owned: the VMAs of each mm and the mm's VMA size counters
 * (total_vm, data_vm, exec_vm, stack_vm, hiwater_vm: vm_stat_account()),
 * its brk and mmap_base.  Invariants: every present user pte lies inside
 * a VMA of its mm; total_vm is the sum of the VMAs' pages.  Locking: one
 * CPU, and an mm is changed only by its own task, by the exec building it
 * or the fork copying it (Linux: mmap_lock).
 *
 * Differences from Linux: do_mmap() takes the mm (exec builds a new one
 * before switching to it); a file mapping takes a reference on the
 * file and its ->mmap() installs the fault handler (mmap_file_rights()
 * has Linux's permission rules); no mlock, no hugetlb, no VM_ACCOUNT
 * overcommit accounting yet.
 * Linux: mm/mmap.c (do_mmap, mmap_region, get_unmapped_area, do_munmap,
 * unmap_region, brk, do_brk_flags, expand_downwards, exit_mmap),
 * kernel/fork.c (dup_mmap), arch/x86/mm/mmap.c (arch_pick_mmap_layout),
 * mm/gup.c (__mm_populate).
 */
#include <mneme/err.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/pftrace.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/tlbflush.h>
#include <mneme/vma.h>
#include <mneme/vmstat.h>
#include <asm/syscall.h>
#include <uapi/errno.h>
#include <uapi/resource.h>

/* ---- rights and accounting ------------------------------------------------- */

/*
 * The pte bits for vm_flags.  User pages are always readable on x86.  A
 * private writable VMA gets read-only ptes (Linux's PAGE_COPY): write
 * faults decide between a new page, a copy and reuse.  PROT_NONE ptes
 * keep their page but are not present for the CPU (_PAGE_PROTNONE), so
 * every access faults, the kernel's copy_to_user() too, as in Linux.
 */
pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	unsigned long val = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (!(vm_flags & VM_ACCESS_FLAGS))
		val = _PAGE_PROTNONE | _PAGE_ACCESSED;
	if ((vm_flags & (VM_WRITE | VM_SHARED)) == (VM_WRITE | VM_SHARED))
		val |= _PAGE_RW;
	if (!(vm_flags & VM_EXEC))
		val |= _PAGE_NX & __supported_pte_mask;
	return __pgprot(val);
}

static bool is_exec_mapping(unsigned long flags)
{
	return (flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC;
}

static bool is_stack_mapping(unsigned long flags)
{
	return (flags & VM_STACK) == VM_STACK;
}

static bool is_data_mapping(unsigned long flags)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE;
}

void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages)
{
	mm->total_vm += npages;
	if (is_exec_mapping(flags))
		mm->exec_vm += npages;
	else if (is_stack_mapping(flags))
		mm->stack_vm += npages;
	else if (is_data_mapping(flags))
		mm->data_vm += npages;
	mm->hiwater_vm = max(mm->hiwater_vm, mm->total_vm);
}

static unsigned long rlimit_pages(unsigned int resource)
{
	unsigned long lim = current->rlim[resource].rlim_cur;

	return lim == RLIM_INFINITY ? ~0UL : lim >> PAGE_SHIFT;
}

bool may_expand_vm(struct mm_struct *mm, unsigned long flags, unsigned long npages)
{
	if (mm->total_vm + npages > rlimit_pages(RLIMIT_AS))
		return false;
	if (is_data_mapping(flags) && mm->data_vm + npages > rlimit_pages(RLIMIT_DATA))
		return false;
	return true;
}

/* Pages of [addr, end) some VMA covers already (MAP_FIXED replaces them). */
static unsigned long count_vma_pages_range(struct mm_struct *mm, unsigned long addr,
					   unsigned long end)
{
	unsigned long nr = 0;

	for (struct vm_area_struct *vma = find_vma_intersection(mm, addr, end);
	     vma && vma->vm_start < end; vma = vma->vm_next)
		nr += (min(end, vma->vm_end) - max(addr, vma->vm_start)) >> PAGE_SHIFT;
	return nr;
}

/* ---- where a mapping goes ---------------------------------------------------- */

/* Below the stack and its largest allowed size, as Linux's mmap_base(). */
void arch_pick_mmap_layout(struct mm_struct *mm)
{
	unsigned long gap = current->rlim[RLIMIT_STACK].rlim_cur;

	if (gap == RLIM_INFINITY || gap > MMAP_MAX_GAP)
		gap = MMAP_MAX_GAP;
	gap += stack_guard_gap;
	if (gap < MMAP_MIN_GAP)
		gap = MMAP_MIN_GAP;
	mm->mmap_base = ALIGN_DOWN(STACK_TOP - gap, PAGE_SIZE);
}

/* Does [addr, addr + len) fit between its neighbours and their guard gaps? */
static bool hint_fits(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	struct vm_area_struct *prev, *vma = find_vma_prev(mm, addr, &prev);

	return TASK_SIZE_MAX - len >= addr && addr >= mmap_min_addr &&
	       (!vma || addr + len <= vm_start_gap(vma)) &&
	       (!prev || addr >= vm_end_gap(prev));
}

/*
 * Linux's arch_get_unmapped_area_topdown(): the hint if it is free, else
 * the highest free range below mmap_base, else (a crowded top) the
 * lowest one above TASK_UNMAPPED_BASE.
 */
static unsigned long arch_get_unmapped_area_topdown(struct mm_struct *mm, unsigned long addr,
						    unsigned long len)
{
	struct vm_unmapped_area_info info = {
		.flags = VM_UNMAPPED_AREA_TOPDOWN,
		.length = len,
		.low_limit = max(PAGE_SIZE, mmap_min_addr),
		.high_limit = mm->mmap_base,
	};

	if (addr) {
		addr = PAGE_ALIGN(addr);
		if (hint_fits(mm, addr, len))
			return addr;
	}
	addr = vm_unmapped_area(mm, &info);
	if (!IS_ERR_VALUE(addr))
		return addr;
	info.flags = 0;
	info.low_limit = TASK_UNMAPPED_BASE;
	info.high_limit = TASK_SIZE_MAX;
	return vm_unmapped_area(mm, &info);
}

unsigned long get_unmapped_area(struct mm_struct *mm, struct file *file, unsigned long addr,
				unsigned long len, unsigned long pgoff, unsigned long flags)
{
	(void)file;
	(void)pgoff;
	if (len > TASK_SIZE_MAX)
		return -ENOMEM;
	if (!(flags & MAP_FIXED))
		addr = arch_get_unmapped_area_topdown(mm, addr, len);
	if (IS_ERR_VALUE(addr))
		return addr;
	if (addr > TASK_SIZE_MAX - len)
		return -ENOMEM;
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	return addr;
}

/* ---- mmap ---------------------------------------------------------------------- */

/* PROT_* to VM_* (the same bits) and the MAP_* flags that become VM_* flags. */
static unsigned long calc_vm_flags(unsigned long prot, unsigned long flags)
{
	unsigned long vm_flags = (prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) |
				 VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	if ((flags & MAP_TYPE) != MAP_PRIVATE)
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	if (flags & MAP_NORESERVE)
		vm_flags |= VM_NORESERVE;
	return vm_flags;
}

/* A new anonymous VMA over [start, end) with vm_flags, not yet inserted. */
static struct vm_area_struct *vma_new(struct mm_struct *mm, unsigned long start,
				      unsigned long end, unsigned long vm_flags)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (vma) {
		vma->vm_start = start;
		vma->vm_end = end;
		vma->vm_flags = vm_flags;
		vma->vm_page_prot = vm_get_page_prot(vm_flags);
	}
	return vma;
}

/*
 * A new VMA for a free [addr, addr + len), merged with a neighbour if it
 * can be.  A file VMA takes a reference on the file (remove_vma() drops
 * it) and lets the file's ->mmap() install its vm_ops (generic_file_mmap()).
 */
static long mmap_region(struct mm_struct *mm, struct file *file, unsigned long addr,
			unsigned long len, unsigned long vm_flags, unsigned long pgoff)
{
	struct vm_area_struct *vma, *prev;
	int err;

	if (!may_expand_vm(mm, vm_flags, (len >> PAGE_SHIFT) -
			   count_vma_pages_range(mm, addr, addr + len)))
		return -ENOMEM;
	err = do_munmap(mm, addr, len);		/* MAP_FIXED: replace what is there */
	if (err)
		return err;
	find_vma_prev(mm, addr, &prev);
	if ((file || !(vm_flags & VM_SHARED)) &&
	    vma_merge(mm, prev, addr, addr + len, vm_flags, NULL, file, pgoff))
		goto out;
	vma = vma_new(mm, addr, addr + len, vm_flags);
	if (!vma)
		return -ENOMEM;
	vma->vm_pgoff = pgoff;
	if (file) {
		vma->vm_file = get_file(file);
		err = file->f_op->mmap(file, vma);
		if (err)
			goto out_free;
	} else if ((vm_flags & VM_SHARED) && shmem_zero_setup(vma)) {
		err = -ENOMEM;
		goto out_free;
	}
	err = insert_vm_struct(mm, vma);
	if (err)
		goto out_free;
out:
	vm_stat_account(mm, vm_flags, len >> PAGE_SHIFT);
	return (long)addr;

out_free:
	remove_vma(vma);
	return err;
}

/* The MAP_* flags Linux accepts; MAP_SHARED_VALIDATE refuses any other. */
#define MAP_KNOWN_FLAGS	(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | \
			 MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | \
			 MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_FIXED_NOREPLACE)

static int mmap_flags_ok(unsigned long flags)
{
	switch (flags & MAP_TYPE) {
	case MAP_PRIVATE:
	case MAP_SHARED:
		return 0;
	case MAP_SHARED_VALIDATE:
		return (flags & ~MAP_KNOWN_FLAGS) ? -EOPNOTSUPP : 0;
	default:
		return -EINVAL;
	}
}

/*
 * What an open file allows a mapping of it (Linux: do_mmap()'s switch on
 * the map type): any mapping reads, so it needs FMODE_READ; a shared
 * writable one needs FMODE_WRITE too, and a shared one without it may
 * never become writable (no VM_MAYWRITE; Linux then drops VM_SHARED as
 * well, as such a mapping can never write to the file).  A file with no
 * ->mmap (a pipe, a terminal) cannot be mapped: -ENODEV.
 */
static long mmap_file_rights(struct file *file, unsigned long prot, unsigned long flags,
			     unsigned long *vm_flags)
{
	if ((flags & MAP_TYPE) != MAP_PRIVATE) {
		if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
			return -EACCES;
		if (!(file->f_mode & FMODE_WRITE))
			*vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
	}
	if (!(file->f_mode & FMODE_READ))
		return -EACCES;
	if (!file->f_op || !file->f_op->mmap)
		return -ENODEV;
	return 0;
}

long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
	     unsigned long len, unsigned long prot, unsigned long flags,
	     unsigned long pgoff, unsigned long *populate)
{
	unsigned long vm_flags;
	long ret;

	*populate = 0;
	ret = mmap_flags_ok(flags);
	if (ret)
		return ret;
	if (!len)
		return -EINVAL;
	if (flags & MAP_HUGETLB)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED) && addr < mmap_min_addr)
		addr = addr ? PAGE_ALIGN(mmap_min_addr) : 0;
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;		/* rounding up wrapped */
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;	/* the file range wraps */
	addr = get_unmapped_area(mm, file, addr, len, pgoff, flags);
	if (IS_ERR_VALUE(addr))
		return (long)addr;
	if ((flags & MAP_FIXED) && addr < mmap_min_addr)
		return -EPERM;		/* Linux: security_mmap_addr() */
	if ((flags & MAP_FIXED_NOREPLACE) && find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;
	vm_flags = calc_vm_flags(prot, flags);
	if (file) {
		ret = mmap_file_rights(file, prot, flags, &vm_flags);
		if (ret)
			return ret;
	} else {
		/* anonymous: private pgoff is the address, shared starts at 0 */
		pgoff = (vm_flags & VM_SHARED) ? 0 : addr >> PAGE_SHIFT;
	}
	ret = mmap_region(mm, file, addr, len, vm_flags, pgoff);
	if (ret >= 0 && (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE)
		*populate = len;
	return ret;
}

/* ---- populating: fault in a range now --------------------------------------- */

/* Linux: populate_vma_page_range() through get_user_pages()' faultin_page(). */
static int populate_vma_page_range(struct vm_area_struct *vma, unsigned long start,
				   unsigned long end, bool write)
{
	unsigned int flags = write ? FAULT_FLAG_WRITE : 0;

	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
		vm_fault_t ret = handle_mm_fault(vma, addr, flags, NULL);

		if (ret & VM_FAULT_OOM)
			return -ENOMEM;
		if (ret & VM_FAULT_ERROR)
			return -EFAULT;
	}
	return 0;
}

/*
 * Every page of [start, start + len) faulted in: written to where the
 * VMA is writable (or where write asks, as exec's eager fill does to
 * read-only VMAs: FOLL_FORCE), read elsewhere.
 */
int __mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len, bool write)
{
	unsigned long end = start + len;

	for (struct vm_area_struct *vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma->vm_next) {
		unsigned long s = max(start, vma->vm_start), e = min(end, vma->vm_end);
		int err;

		if (!(vma->vm_flags & VM_ACCESS_FLAGS))
			continue;
		err = populate_vma_page_range(vma, s, e, write || (vma->vm_flags & VM_WRITE));
		if (err)
			return err;
	}
	return 0;
}

/* ---- munmap ------------------------------------------------------------------- */

/*
 * The page-table side of removing the detached VMAs: zap their ptes
 * (pages freed once the TLB forgot them), uncount them, then free the
 * page-table pages the range no longer needs.
 */
static void unmap_region(struct mm_struct *mm, struct vm_area_struct *detached,
			 unsigned long start, unsigned long end)
{
	update_hiwater_rss(mm);
	for (struct vm_area_struct *vma = detached; vma; vma = vma->vm_next) {
		unmap_page_range(vma, vma->vm_start, vma->vm_end);
		vm_stat_account(mm, vma->vm_flags, -(long)vma_pages(vma));
	}
	free_pgtables(mm, start, end);
}

long do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *detached;
	unsigned long end;
	int err;

	if ((start & (PAGE_SIZE - 1)) || start > TASK_SIZE_MAX || len > TASK_SIZE_MAX - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = start + len;
	err = vma_detach_range(mm, start, end, &detached);
	if (err || !detached)
		return err;
	unmap_region(mm, detached, start, end);
	remove_vma_list(detached);
	return 0;
}

/* ---- brk ----------------------------------------------------------------------- */

/*
 * Anonymous memory at [addr, addr + len): the heap VMA grows if it ends
 * at addr (it is the VMA from start_brk up), else a VMA of its own.  The
 * heap never merges with the program's data, so it stays one VMA.
 */
int do_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
		 unsigned long vm_flags)
{
	struct vm_area_struct *vma, *prev;

	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (IS_ERR_VALUE(get_unmapped_area(mm, NULL, addr, len, 0, MAP_FIXED)) ||
	    find_vma_intersection(mm, addr, addr + len))
		return -ENOMEM;
	if (!may_expand_vm(mm, vm_flags, len >> PAGE_SHIFT))
		return -ENOMEM;
	find_vma_prev(mm, addr, &prev);
	if (prev && prev->vm_end == addr && prev->vm_start >= mm->start_brk &&
	    prev->vm_flags == vm_flags && !prev->vm_ops) {
		vma_set_range(mm, prev, prev->vm_start, addr + len, prev->vm_pgoff);
		goto out;
	}
	vma = vma_new(mm, addr, addr + len, vm_flags);
	if (!vma)
		return -ENOMEM;
	if (insert_vm_struct(mm, vma)) {
		vm_area_free(vma);
		return -ENOMEM;
	}
out:
	vm_stat_account(mm, vm_flags, len >> PAGE_SHIFT);
	return 0;
}

/*
 * brk(addr): move the end of the heap.  Below start_brk, into another
 * mapping (and its guard gap), past RLIMIT_DATA or out of memory, it
 * stays where it was; the return value is the (new) end, as Linux's.
 * Shrinking unmaps the pages above the new end.
 */
long sys_brk(struct pt_regs *regs)
{
	struct mm_struct *mm = current->mm;
	unsigned long brk = regs->rdi, newbrk, oldbrk;
	struct vm_area_struct *next;

	if (!mm)
		return -ENOMEM;
	if (brk < mm->start_brk || brk > TASK_SIZE_MAX)
		return (long)mm->brk;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (newbrk == oldbrk)
		goto set_brk;
	if (brk <= mm->brk) {		/* shrink: always allowed */
		if (do_munmap(mm, newbrk, oldbrk - newbrk))
			return (long)mm->brk;
		goto set_brk;
	}
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		return (long)mm->brk;	/* would collide with a mapping */
	if (do_brk_flags(mm, oldbrk, newbrk - oldbrk, VM_DATA_DEFAULT_FLAGS))
		return (long)mm->brk;
set_brk:
	mm->brk = brk;
	return (long)brk;
}

/* ---- the stack ------------------------------------------------------------------- */

int setup_stack_vma(struct mm_struct *mm)
{
	struct vm_area_struct *vma = vma_new(mm, STACK_TOP - STACK_INITIAL_SIZE, STACK_TOP,
					     VM_STACK_DEFAULT_FLAGS);

	if (!vma)
		return -ENOMEM;
	if (insert_vm_struct(mm, vma)) {
		vm_area_free(vma);
		return -ENOMEM;
	}
	vm_stat_account(mm, vma->vm_flags, vma_pages(vma));
	mm->start_stack = STACK_TOP;
	return 0;
}

/*
 * A fault below a VM_GROWSDOWN VMA: move its start down to the faulting
 * page, unless that comes within stack_guard_gap of the VMA below, or
 * the stack would outgrow RLIMIT_STACK or RLIMIT_AS (Linux:
 * expand_downwards() and acct_stack_growth()).
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = vma->vm_prev;
	unsigned long grow;

	address = ALIGN_DOWN(address, PAGE_SIZE);
	if (!(vma->vm_flags & VM_GROWSDOWN) || address >= vma->vm_start ||
	    address < mmap_min_addr)
		return -ENOMEM;
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) && (prev->vm_flags & VM_ACCESS_FLAGS) &&
	    address - prev->vm_end < stack_guard_gap)
		return -ENOMEM;
	if (prev && address < prev->vm_end)
		return -ENOMEM;
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	if ((vma->vm_end - address) >> PAGE_SHIFT > rlimit_pages(RLIMIT_STACK) ||
	    !may_expand_vm(mm, vma->vm_flags, grow))
		return -ENOMEM;
	vma_set_range(mm, vma, address, vma->vm_end, vma->vm_pgoff - grow);
	vm_stat_account(mm, vma->vm_flags, (long)grow);
	count_vm_event(STACK_GROW);
	return 0;
}

/* ---- fork and exit -------------------------------------------------------------- */

/*
 * Every VMA of oldmm copied into the new mm (the shmem object shared,
 * through vm_ops->open), then its page tables copy-on-write.  mm starts
 * as a copy of oldmm's struct with no VMAs, tables or resident pages.
 * On failure mm holds a partial copy, which the caller's mmput() frees.
 */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	for (struct vm_area_struct *mpnt = oldmm->mmap; mpnt; mpnt = mpnt->vm_next) {
		struct vm_area_struct *tmp;

		if (mpnt->vm_flags & VM_DONTCOPY) {
			vm_stat_account(mm, mpnt->vm_flags, -(long)vma_pages(mpnt));
			continue;
		}
		tmp = vm_area_dup(mpnt);
		if (!tmp)
			return -ENOMEM;
		tmp->vm_mm = mm;
		get_file(tmp->vm_file);		/* the child's VMA holds the file too */
		if (tmp->vm_ops && tmp->vm_ops->open)
			tmp->vm_ops->open(tmp);
		if (insert_vm_struct(mm, tmp)) {
			remove_vma(tmp);
			return -ENOMEM;
		}
		if (!(tmp->vm_flags & VM_WIPEONFORK) && copy_page_range(tmp, mpnt))
			return -ENOMEM;
	}
	return 0;
}

/* Zap every VMA, free every table, then the VMAs (their close() runs). */
void exit_mmap(struct mm_struct *mm)
{
	update_hiwater_rss(mm);
	for (struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next)
		unmap_page_range(vma, vma->vm_start, vma->vm_end);
	free_pgtables(mm, 0, TASK_SIZE_MAX);
	exit_mmap_vmas(mm);
	mm->total_vm = mm->data_vm = mm->exec_vm = mm->stack_vm = 0;
}

/* The page mapped at user address addr in mm, or NULL (Linux: follow_page()). */
struct page *follow_user_page(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = addr < TASK_SIZE_MAX ? follow_pte(mm, addr) : NULL;

	return pte && pte_present(*pte) ? pte_page(*pte) : NULL;
}

/* ---- the system calls ------------------------------------------------------------ */

/* mmap(addr, len, prot, flags, fd, off): anonymous memory, or the file open at fd. */
long sys_mmap(struct pt_regs *regs)
{
	struct mm_struct *mm = current->mm;
	unsigned long flags = regs->r10, off = regs->r9, populate;
	struct file *file = NULL;
	long ret;

	if (!mm || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	ret = mmap_flags_ok(flags);
	if (ret)
		return ret;
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget((unsigned int)regs->r8);
		if (!file)
			return -EBADF;
	}
	ret = do_mmap(mm, file, regs->rdi, regs->rsi, regs->rdx, flags, off >> PAGE_SHIFT,
		      &populate);
	fput(file);			/* the VMA holds its own reference */
	if (ret >= 0 && populate)
		__mm_populate(mm, (unsigned long)ret, populate, false);
	return ret;
}

long sys_munmap(struct pt_regs *regs)
{
	return current->mm ? do_munmap(current->mm, regs->rdi, regs->rsi) : -EINVAL;
}
