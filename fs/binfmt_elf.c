/*
 * fs/binfmt_elf.c - loading a static ELF64 executable.
 *
 * An executable's program headers list the PT_LOAD segments: a range of
 * the file (p_offset, p_filesz) to place at a virtual address (p_vaddr)
 * with rights (p_flags), in a memory range of p_memsz bytes; what lies
 * beyond p_filesz is the bss and starts zeroed.  Each segment's file
 * pages become a file-backed MAP_PRIVATE VMA of the program (nothing is
 * read or copied now: pages come from the page cache on first touch, so
 * all processes running a program share its text), and the bss beyond
 * them an anonymous VMA; the tail of the last file page is zeroed
 * (padzero()), which gives that one page a private copy.
 *
 *   file:   [ELF header|phdrs| .text ...      | .data   ]
 *                              |                 |
 *   memory: 0x400000   [ .text  r-x file ]   [ .data rw- file (COW) | .bss rw- anon ] brk ->
 *
 * Every field is checked before use: sizes against the file, addresses
 * against TASK_SIZE_MAX, sums against overflow.  A bad file is -ENOEXEC,
 * never a fault.  Only static, non-PIE executables (ET_EXEC without
 * PT_INTERP), which is what musl-gcc -static makes.
 * Linux: fs/binfmt_elf.c (load_elf_binary()).
 */
#include <mneme/binfmts.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/string.h>
#include <uapi/elf.h>
#include <uapi/errno.h>

#define ELF_MIN_ADDR	0x10000UL	/* nothing below (Linux: mmap_min_addr) */

static bool elf_header_ok(const Elf64_Ehdr *eh, size_t size)
{
	return size >= sizeof(*eh) && !memcmp(eh->e_ident, ELFMAG, SELFMAG) &&
	       eh->e_ident[EI_CLASS] == ELFCLASS64 &&
	       eh->e_ident[EI_DATA] == ELFDATA2LSB && eh->e_type == ET_EXEC &&
	       eh->e_machine == EM_X86_64 &&
	       eh->e_phentsize == sizeof(Elf64_Phdr) && eh->e_phnum > 0 &&
	       eh->e_phoff < size &&
	       eh->e_phnum <= (size - eh->e_phoff) / sizeof(Elf64_Phdr);
}

static bool segment_ok(const Elf64_Phdr *ph, size_t size)
{
	return ph->p_filesz <= ph->p_memsz && ph->p_offset <= size &&
	       ph->p_filesz <= size - ph->p_offset &&
	       ph->p_vaddr >= ELF_MIN_ADDR && ph->p_vaddr < TASK_SIZE_MAX &&
	       ph->p_memsz <= TASK_SIZE_MAX - ph->p_vaddr &&
	       (ph->p_vaddr - ph->p_offset) % PAGE_SIZE == 0;
}

/* The PROT_* rights a segment asks for: always readable. */
static unsigned long segment_prot(const Elf64_Phdr *ph)
{
	unsigned long prot = PROT_READ;

	if (ph->p_flags & PF_W)
		prot |= PROT_WRITE;
	if (ph->p_flags & PF_X)
		prot |= PROT_EXEC;
	return prot;
}

/*
 * Zero the bytes from addr to the end of its page (Linux: padzero()): the
 * part of the last file page past p_filesz is bss, but the file has other
 * bytes there.  The write makes that page the process's own copy; the new
 * mm is not the current one yet, so the page is faulted in for writing
 * and cleared through the direct map.
 */
static int padzero(struct mm_struct *mm, unsigned long addr)
{
	unsigned long off = addr & (PAGE_SIZE - 1);
	struct page *page;
	int err;

	if (!off)
		return 0;
	err = __mm_populate(mm, addr - off, PAGE_SIZE, true);
	if (err)
		return err;
	page = follow_user_page(mm, addr);
	if (!page)
		return -EFAULT;
	memset((u8 *)page_address(page) + off, 0, PAGE_SIZE - off);
	return 0;
}

/*
 * Map one segment (Linux: elf_map() and, for the bss, set_brk() and
 * padzero()): the pages holding file bytes, [start, PAGE_ALIGN(file_end)),
 * are a MAP_PRIVATE mapping of the program file, so every process running
 * the program maps the same page-cache pages until it writes one (text
 * never is); the rest, [PAGE_ALIGN(file_end), end), is anonymous.
 */
static int elf_map(struct linux_binprm *bprm, const Elf64_Phdr *ph, unsigned long start,
		   unsigned long end)
{
	unsigned long file_end = ph->p_vaddr + ph->p_filesz;
	unsigned long map_end = ph->p_filesz ? PAGE_ALIGN(file_end) : start;
	unsigned long prot = segment_prot(ph), populate;
	long addr;

	if (map_end > start) {
		addr = do_mmap(bprm->mm, bprm->file, start, map_end - start, prot,
			       MAP_PRIVATE | MAP_FIXED,
			       (ph->p_offset - (ph->p_vaddr - start)) >> PAGE_SHIFT, &populate);
		if (addr < 0)
			return (int)addr;
	}
	if (end > map_end) {
		addr = do_mmap(bprm->mm, NULL, map_end, end - map_end, prot,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, &populate);
		if (addr < 0)
			return (int)addr;
	}
	if (ph->p_memsz > ph->p_filesz && ph->p_filesz)
		return padzero(bprm->mm, file_end);
	return 0;
}

static int load_segment(struct linux_binprm *bprm, const Elf64_Phdr *ph)
{
	struct mm_struct *mm = bprm->mm;
	unsigned long start = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
	unsigned long end = PAGE_ALIGN(ph->p_vaddr + ph->p_memsz);
	int err;

	if (!segment_ok(ph, bprm->size))
		return -ENOEXEC;
	if (!ph->p_memsz)
		return 0;
	err = elf_map(bprm, ph, start, end);
	if (err)
		return err;
	if (ph->p_flags & PF_X)
		mm->end_code = max(mm->end_code, ph->p_vaddr + ph->p_memsz);
	else
		mm->end_data = max(mm->end_data, ph->p_vaddr + ph->p_filesz);
	if (!mm->start_code || start < mm->start_code)
		mm->start_code = start;
	mm->start_brk = mm->brk = max(mm->brk, end);
	/* AT_PHDR: where the program headers landed, if in this segment */
	if (ph->p_offset <= ((const Elf64_Ehdr *)bprm->data)->e_phoff &&
	    ((const Elf64_Ehdr *)bprm->data)->e_phoff - ph->p_offset < ph->p_filesz)
		bprm->phdr_addr = ph->p_vaddr +
			(((const Elf64_Ehdr *)bprm->data)->e_phoff - ph->p_offset);
	return 0;
}

int load_elf_binary(struct linux_binprm *bprm)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)bprm->data;
	const Elf64_Phdr *phdrs;
	int loaded = 0;

	if (!bprm->file || !elf_header_ok(eh, bprm->size) || eh->e_entry >= TASK_SIZE_MAX)
		return -ENOEXEC;		/* the segments map the file */
	phdrs = (const Elf64_Phdr *)(bprm->data + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++)
		if (phdrs[i].p_type == PT_INTERP)
			return -ENOEXEC;	/* dynamically linked: no ld.so here */
	for (int i = 0; i < eh->e_phnum; i++) {
		int err;

		if (phdrs[i].p_type != PT_LOAD)
			continue;
		err = load_segment(bprm, &phdrs[i]);
		if (err)
			return err;
		loaded++;
	}
	if (!loaded)
		return -ENOEXEC;
	for (int i = 0; i < eh->e_phnum && !bprm->phdr_addr; i++)
		if (phdrs[i].p_type == PT_PHDR)
			bprm->phdr_addr = phdrs[i].p_vaddr;	/* the headers say where */
	bprm->entry = eh->e_entry;
	bprm->phnum = eh->e_phnum;
	return 0;
}
