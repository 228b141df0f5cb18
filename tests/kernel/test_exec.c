/*
 * tests/kernel/test_exec.c - ktests for kernel_execve(), the ELF loader
 * and the first, eager version of user memory (mm/mmap.c).
 *
 * Programs come from the initrd (/bin/hello is built from user/hello.c).
 * call_usermodehelper() runs one in a kernel thread that becomes the
 * program and returns its wait status.  Every test checks that the
 * address space is gone afterwards: the pages, the page tables, the PGD.
 */
#include <mneme/binfmts.h>
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/pagemap.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/umh.h>
#include <mneme/vma.h>
#include <mneme/vmalloc.h>
#include <mneme/vmstat.h>
#include <uapi/elf.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include "../../fs/internal.h"
#include "ktest_util.h"

static unsigned long settled_free_pages(void)
{
	kmem_cache_shrink_all();
	drain_local_pages();
	return nr_free_pages();
}

/* Run path with call_usermodehelper(): its wait status; *err: execve's error. */
static int run_program(const char *path, int *err)
{
	const char *argv[] = { path, NULL };
	int status = -1;

	*err = call_usermodehelper(path, argv, NULL, &status);
	return status;
}

KTEST(exec, hello_runs_exits_0_and_leaves_nothing)
{
	unsigned long free_before = settled_free_pages();
	unsigned long tables_before = nr_page_table_pages;
	int err, status = run_program("/bin/hello", &err);

	KT_EXPECT_EQ(kt, err, 0);
	KT_EXPECT_EQ(kt, status, 0);
	KT_EXPECT_EQ(kt, nr_page_table_pages, tables_before);
	KT_EXPECT_EQ(kt, settled_free_pages(), free_before);
}

#define TEXT_PROGRAM	"/tmp/ktest-not-a-program"

/* A small text file at path with mode, through the VFS. */
static int make_text_file(const char *path, umode_t mode)
{
	static const char text[] = "just words\n";
	struct file *file = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(file))
		return (int)PTR_ERR(file);
	n = kernel_write(file, text, sizeof(text) - 1, &pos);
	filp_close(file);
	return n == sizeof(text) - 1 ? 0 : -EIO;
}

KTEST(exec, failures_return_linux_errors)
{
	int err;

	KT_EXPECT_EQ(kt, run_program("/bin/no-such-program", &err), UMH_EXEC_FAILED);
	KT_EXPECT_EQ(kt, err, -ENOENT);
	run_program("/bin", &err);			/* a directory */
	KT_EXPECT_EQ(kt, err, -EACCES);
	run_program("/etc/hostname", &err);		/* no x bit (0644) */
	KT_EXPECT_EQ(kt, err, -EACCES);
	KT_ASSERT_EQ(kt, make_text_file(TEXT_PROGRAM, 0755), 0);
	run_program(TEXT_PROGRAM, &err);		/* executable, but not an ELF file */
	KT_EXPECT_EQ(kt, err, -ENOEXEC);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, TEXT_PROGRAM), 0);
}

/* A minimal ELF image in a buffer, to break one field at a time. */
struct tiny_elf {
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	u8 code[16];
};

static void make_tiny_elf(struct tiny_elf *t)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->eh.e_ident, ELFMAG, SELFMAG);
	t->eh.e_ident[EI_CLASS] = ELFCLASS64;
	t->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	t->eh.e_type = ET_EXEC;
	t->eh.e_machine = EM_X86_64;
	t->eh.e_phoff = offsetof(struct tiny_elf, ph);
	t->eh.e_phentsize = sizeof(Elf64_Phdr);
	t->eh.e_phnum = 1;
	t->eh.e_entry = 0x400000 + offsetof(struct tiny_elf, code);
	t->ph.p_type = PT_LOAD;
	t->ph.p_flags = PF_R | PF_X;
	t->ph.p_vaddr = 0x400000;
	t->ph.p_filesz = sizeof(*t);
	t->ph.p_memsz = sizeof(*t) + 3 * PAGE_SIZE;	/* some bss */
}

#define TINY_ELF_PATH	"/ktest-tiny.elf"

/*
 * load_elf_binary() of t into a fresh mm, which is then freed.  The
 * loader maps the program file, so t is written to a ramfs file first
 * (and unlinked after: the last fput frees it).
 */
static int try_load(struct tiny_elf *t, size_t size, unsigned long *pages)
{
	struct linux_binprm bprm = { .filename = "tiny", .data = (const u8 *)t, .size = size };
	loff_t pos = 0;
	int err;

	bprm.file = do_filp_open(AT_FDCWD, TINY_ELF_PATH, O_RDWR | O_CREAT | O_TRUNC, 0755);
	if (IS_ERR(bprm.file))
		return (int)PTR_ERR(bprm.file);
	err = -ENOMEM;
	if (kernel_write(bprm.file, t, sizeof(*t), &pos) != (ssize_t)sizeof(*t))
		goto out_file;
	bprm.mm = mm_alloc();
	if (!bprm.mm)
		goto out_file;
	err = load_elf_binary(&bprm);
	*pages = get_mm_rss(bprm.mm);
	mmput(bprm.mm);
out_file:
	fput(bprm.file);
	do_unlinkat(AT_FDCWD, TINY_ELF_PATH);
	return err;
}

KTEST(exec, elf_loader_checks_every_field)
{
	unsigned long free_before = settled_free_pages(), pages;
	struct tiny_elf t;

	make_tiny_elf(&t);
	KT_EXPECT_EQ(kt, try_load(&t, sizeof(t), &pages), 0);
	KT_EXPECT_EQ(kt, pages, 1);				/* the file's page; the bss is demand-zero */
	KT_EXPECT_EQ(kt, try_load(&t, sizeof(t.eh) - 1, &pages), -ENOEXEC);	/* truncated */
	t.eh.e_phnum = 0xffff;					/* headers past the end */
	KT_EXPECT_EQ(kt, try_load(&t, sizeof(t), &pages), -ENOEXEC);
	make_tiny_elf(&t);
	t.ph.p_filesz = sizeof(t) + 1;				/* data past the end */
	KT_EXPECT_EQ(kt, try_load(&t, sizeof(t), &pages), -ENOEXEC);
	make_tiny_elf(&t);
	t.ph.p_vaddr = TASK_SIZE_MAX - PAGE_SIZE;		/* into the kernel half */
	KT_EXPECT_EQ(kt, try_load(&t, sizeof(t), &pages), -ENOEXEC);
	make_tiny_elf(&t);
	t.ph.p_type = PT_INTERP;				/* dynamically linked */
	KT_EXPECT_EQ(kt, try_load(&t, sizeof(t), &pages), -ENOEXEC);
	make_tiny_elf(&t);
	t.eh.e_ident[EI_CLASS] = 1;				/* 32-bit */
	KT_EXPECT_EQ(kt, try_load(&t, sizeof(t), &pages), -ENOEXEC);
	KT_EXPECT_EQ(kt, settled_free_pages(), free_before);
}

KTEST(exec, anonymous_mmap_munmap_mprotect)
{
	unsigned long free_before = settled_free_pages();
	struct mm_struct *mm = mm_alloc();
	long a, b;

	unsigned long populate;

	KT_ASSERT_TRUE(kt, mm != NULL);
	arch_pick_mmap_layout(mm);
	a = do_mmap(mm, NULL, 0, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, 0, &populate);
	b = do_mmap(mm, NULL, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 0, &populate);
	KT_EXPECT_GT(kt, a, 0);
	KT_EXPECT_LE(kt, b + PAGE_SIZE, a);			/* top-down */
	KT_EXPECT_EQ(kt, get_mm_rss(mm), 0);			/* nothing touched yet */
	KT_EXPECT_EQ(kt, __mm_populate(mm, a, 3 * PAGE_SIZE, false), 0);
	KT_EXPECT_EQ(kt, get_mm_rss(mm), 3);
	KT_EXPECT_TRUE(kt, follow_user_page(mm, a + 2 * PAGE_SIZE) != NULL);
	KT_EXPECT_EQ(kt, do_mprotect(mm, a, PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_EQ(kt, do_mprotect(mm, a, 5 * PAGE_SIZE, PROT_READ), -ENOMEM);	/* past the end */
	KT_EXPECT_EQ(kt, do_mprotect(mm, a + 1, PAGE_SIZE, PROT_READ), -EINVAL);
	KT_EXPECT_EQ(kt, do_munmap(mm, a + PAGE_SIZE, PAGE_SIZE), 0);		/* a hole in the middle */
	KT_EXPECT_TRUE(kt, follow_user_page(mm, a + PAGE_SIZE) == NULL);
	KT_EXPECT_EQ(kt, get_mm_rss(mm), 2);
	KT_EXPECT_EQ(kt, do_mmap(mm, NULL, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 0,
				 &populate), -EINVAL);
	KT_EXPECT_EQ(kt, do_mmap(mm, NULL, a + 1, PAGE_SIZE, PROT_READ,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, &populate), -EINVAL);
	mmput(mm);
	KT_EXPECT_EQ(kt, settled_free_pages(), free_before);
}

KTEST(exec, forktest_forks_64_children_and_leaves_nothing)
{
	unsigned long free_before = settled_free_pages();
	unsigned long tables_before = nr_page_table_pages, tasks_before = nr_tasks();
	static const char *const argv[] = { "/bin/forktest", "nospin", NULL };
	int err, status = -1;

	err = call_usermodehelper(argv[0], argv, NULL, &status);

	KT_EXPECT_EQ(kt, err, 0);
	KT_EXPECT_EQ(kt, status, 0);		/* it printed "forktest: ok" */
	KT_EXPECT_EQ(kt, nr_tasks(), tasks_before);
	KT_EXPECT_EQ(kt, nr_page_table_pages, tables_before);
	KT_EXPECT_EQ(kt, settled_free_pages(), free_before);
}

KTEST(exec, execve_from_user_space_frees_the_old_mm)
{
	unsigned long free_before = settled_free_pages();
	unsigned long tables_before = nr_page_table_pages;
	int err, status = run_program("/bin/exectest", &err);

	KT_EXPECT_EQ(kt, err, 0);
	KT_EXPECT_EQ(kt, status, 0);		/* exectest: ok, then hello's 0 */
	KT_EXPECT_EQ(kt, nr_page_table_pages, tables_before);
	KT_EXPECT_EQ(kt, settled_free_pages(), free_before);
}

/*
 * "#!/bin/startup_check 7": the interpreter runs with argv [interpreter,
 * "7", script], and startup_check exits with argv[1] (its AT_EXECFN is
 * the script's name, which contains "startup_check" too).
 */
KTEST(exec, script_runs_its_interpreter)
{
	static const char script[] = "/tmp/startup_check-script", nested[] = "/tmp/ktest-nested";
	int err, status;

	KT_ASSERT_EQ(kt, ktest_write_file(script, "#!  /bin/startup_check 7  \necho not read\n", 0755), 0);
	status = run_program(script, &err);
	KT_EXPECT_EQ(kt, err, 0);
	KT_EXPECT_EQ(kt, status, 7 << 8);			/* exit(7) */
	KT_ASSERT_EQ(kt, ktest_write_file(nested, "#!/tmp/startup_check-script\n", 0755), 0);
	run_program(nested, &err);
	KT_EXPECT_EQ(kt, err, -ELOOP);				/* one level only */
	KT_ASSERT_EQ(kt, ktest_write_file(nested, "#!   \n", 0755), 0);
	run_program(nested, &err);
	KT_EXPECT_EQ(kt, err, -ENOEXEC);			/* no interpreter */
	KT_ASSERT_EQ(kt, ktest_write_file(nested, "#!/no/such/interpreter\n", 0755), 0);
	run_program(nested, &err);
	KT_EXPECT_EQ(kt, err, -ENOENT);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, nested), 0);
	KT_EXPECT_EQ(kt, do_unlinkat(AT_FDCWD, script), 0);
}

/* The first page of the program's text, faulted in as an instruction fetch. */
static struct page *load_and_touch_text(struct linux_binprm *bprm, struct mm_struct **mm)
{
	struct vm_area_struct *vma;

	*mm = mm_alloc();
	if (!*mm)
		return NULL;
	bprm->mm = *mm;
	arch_pick_mmap_layout(*mm);
	if (load_elf_binary(bprm))
		return NULL;
	vma = find_vma(*mm, bprm->entry);
	if (!vma || vma->vm_start > bprm->entry ||
	    handle_mm_fault(vma, bprm->entry, FAULT_FLAG_INSTRUCTION | FAULT_FLAG_USER, NULL))
		return NULL;
	return follow_user_page(*mm, bprm->entry);
}

/*
 * Two address spaces running the same program map the same text page:
 * the program file's page-cache page, mapped twice, not two copies.
 */
KTEST(exec, two_loads_of_a_program_share_its_text_page)
{
	unsigned long free_before = settled_free_pages();
	struct linux_binprm bprm = { .filename = "/bin/hello" };
	struct mm_struct *mm[2] = { NULL, NULL };
	struct page *text[2], *cached;
	struct vm_area_struct *vma;
	loff_t pos = 0;
	void *buf = NULL;

	bprm.file = do_filp_open(AT_FDCWD, bprm.filename, O_RDONLY, 0);
	KT_ASSERT_TRUE(kt, !IS_ERR(bprm.file));
	bprm.size = (size_t)bprm.file->f_inode->i_size;
	buf = vmalloc(bprm.size);
	KT_ASSERT_TRUE(kt, buf != NULL);
	KT_ASSERT_EQ(kt, kernel_read(bprm.file, buf, bprm.size, &pos), (ssize_t)bprm.size);
	bprm.data = buf;
	for (int i = 0; i < 2; i++)
		text[i] = load_and_touch_text(&bprm, &mm[i]);
	KT_EXPECT_TRUE(kt, text[0] != NULL && text[0] == text[1]);
	vma = find_vma(mm[0], bprm.entry);
	cached = find_get_page(bprm.file->f_inode->i_mapping,
			       vma->vm_pgoff + ((bprm.entry - vma->vm_start) >> PAGE_SHIFT));
	KT_EXPECT_TRUE(kt, text[0] == cached);		/* the page-cache page itself */
	KT_EXPECT_TRUE(kt, vma->vm_file == bprm.file && !(vma->vm_flags & VM_SHARED));
	if (text[0])
		KT_EXPECT_EQ(kt, page_mapcount(text[0]), 2);
	KT_EXPECT_EQ(kt, get_mm_counter(mm[0], MM_FILEPAGES), 1);
	if (cached)
		put_page(cached);
	for (int i = 0; i < 2; i++)
		if (mm[i])
			mmput(mm[i]);
	vfree(buf);
	fput(bprm.file);
	KT_EXPECT_EQ(kt, settled_free_pages(), free_before);
}
