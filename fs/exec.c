/*
 * fs/exec.c - turning a kernel thread into a user process running a
 * program from the VFS: kernel_execve(), and execve(2)'s do_execve().
 *
 * 1. Open the file through the VFS (the path walk follows symlinks:
 *    /bin/sh -> /bin/busybox) and read it whole with kernel_read(); a
 *    "#!" script is replaced by its interpreter (fs/binfmt_script.c).
 * 2. Make a new mm and let the ELF loader map the program into it.
 * 3. Map the stack, switch to the new mm, and lay out the initial stack
 *    the way every Linux program expects to find it at its entry point:
 *
 *      STACK_TOP ->  16 random bytes (AT_RANDOM), the file name (AT_EXECFN)
 *                    envp strings, argv strings
 *                    (16-byte alignment)
 *                    auxv: (AT_*, value) pairs ... AT_NULL
 *                    envp[0] ... NULL
 *                    argv[0] ... NULL
 *      rsp ->        argc
 *
 *    The stack is written with copy_to_user() on the new mm, like any
 *    other user memory.
 * 4. Leave for user mode at the entry point (start_user_thread()).
 *
 * Memory is still populated eagerly (the segments are copied from the
 * buffer; demand paging from the page cache is the next issue).  A
 * kernel thread that execs gets a file table first, with fds 0-2 on
 * /dev/console (console_on_rootfs()); execve closes the close-on-exec
 * descriptors once past the point of no return.
 * execve(2) (sys_execve() in kernel/sys.c) copies the user's strings in
 * and calls do_execve(); the old address space is freed once the new one
 * is ready, and a failure before that returns an error to the caller.
 * Linux: fs/exec.c (kernel_execve, do_execveat_common), create_elf_tables()
 * in fs/binfmt_elf.c.
 */
#include <asm/processor.h>
#include <asm/syscall.h>
#include <mneme/binfmts.h>
#include <mneme/err.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/mmap.h>
#include <mneme/printk.h>
#include <mneme/random.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <mneme/time.h>
#include <mneme/uaccess.h>
#include <mneme/vmalloc.h>
#include <uapi/elf.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/signal.h>
#include <uapi/stat.h>
#include "internal.h"

#define AUXV_PAIRS	17	/* the auxv entries create_elf_tables() writes, AT_NULL included */

/* Length of path's directory part, with its '/' ("/bin/sh": 5). */
static size_t dirname_len(const char *path)
{
	size_t len = 0;

	for (size_t i = 0; path[i]; i++)
		if (path[i] == '/')
			len = i + 1;
	return len;
}

/*
 * Open the program through the VFS (the path walk follows symlinks) and
 * read it whole with kernel_read().  -ENOENT and the walk's other errors;
 * -EACCES for a directory, a device or a file with no x bit (root too,
 * as Linux); -ENOEXEC for an empty file.
 */
static int read_executable(struct linux_binprm *bprm, const char *path)
{
	struct file *file = do_filp_open(AT_FDCWD, path, O_RDONLY, 0);
	struct inode *inode;
	loff_t pos = 0;
	ssize_t n;
	void *buf;
	int err;

	if (IS_ERR(file))
		return (int)PTR_ERR(file);
	inode = file->f_inode;
	err = -EACCES;
	if (!S_ISREG(inode->i_mode) || !(inode->i_mode & 0111))
		goto out_fput;
	err = -ENOEXEC;
	if (!inode->i_size)
		goto out_fput;
	err = -ENOMEM;
	buf = vmalloc((size_t)inode->i_size);
	if (!buf)
		goto out_fput;
	n = kernel_read(file, buf, (size_t)inode->i_size, &pos);
	if (n < 0) {
		vfree(buf);
		err = (int)n;
		goto out_fput;
	}
	bprm->data = buf;
	bprm->size = (size_t)n;
	bprm->data_owned = buf;
	bprm->file = file;		/* kept: the ELF loader maps it */
	return 0;
out_fput:
	fput(file);
	return err;
}

/* The buffer and our file reference go; the program's VMAs hold their own. */
static void release_executable(struct linux_binprm *bprm)
{
	vfree(bprm->data_owned);
	bprm->data_owned = NULL;
	bprm->data = NULL;
	fput(bprm->file);
	bprm->file = NULL;
}

/* A script's argv: interpreter, its argument, the script, the rest. */
struct script_args {
	const char *argv[MAX_ARG_STRINGS + 3];
	char line[BINPRM_BUF_SIZE];
};

/*
 * If bprm holds a "#!" script, replace it with its interpreter and
 * *argv with the interpreter's argv (in *sap, for the caller to free).
 */
static int load_script(struct linux_binprm *bprm, const char *const **argv,
		       struct script_args **sap)
{
	struct script_args *sa = kmalloc(sizeof(*sa), GFP_KERNEL);
	const char *interp, *arg;
	int ret, n = 0;

	if (!sa)
		return -ENOMEM;
	ret = parse_script_line(bprm->data, bprm->size, sa->line, &interp, &arg);
	if (ret <= 0) {
		kfree(sa);
		return ret;
	}
	*sap = sa;
	sa->argv[n++] = interp;
	if (arg)
		sa->argv[n++] = arg;
	sa->argv[n++] = bprm->filename;
	for (int i = 1; *argv && (*argv)[0] && (*argv)[i]; i++) {
		if (n >= MAX_ARG_STRINGS)
			return -E2BIG;
		sa->argv[n++] = (*argv)[i];
	}
	sa->argv[n] = NULL;
	*argv = sa->argv;
	release_executable(bprm);
	bprm->interp = interp;
	ret = read_executable(bprm, interp);
	if (!ret && bprm->size >= 2 && bprm->data[0] == '#' && bprm->data[1] == '!')
		ret = -ELOOP;		/* one level of interpreters only */
	return ret;
}

/* Copy a string onto the user stack below *p; its user address, or 0. */
static unsigned long push_string(unsigned long *p, const char *s)
{
	size_t len = strlen(s) + 1;

	*p -= len;
	return copy_to_user((void __user *)*p, s, len) ? 0 : *p;
}

static int count_strings(const char *const *v)
{
	int n = 0;

	while (v && v[n])
		n++;
	return n;
}

struct stack_builder {
	unsigned long p;		/* next free byte, going down */
	unsigned long words[1 + 2 * MAX_ARG_STRINGS + 2 + 2 * AUXV_PAIRS];
	int n;
};

static void put_word(struct stack_builder *sb, unsigned long v)
{
	sb->words[sb->n++] = v;
}

static void put_aux(struct stack_builder *sb, unsigned long type, unsigned long val)
{
	put_word(sb, type);
	put_word(sb, val);
}

/* Strings first (top), then the word array below them; returns rsp or 0. */
static unsigned long create_elf_tables(struct linux_binprm *bprm,
				       const char *const *argv, const char *const *envp)
{
	static struct stack_builder sb;
	int argc = count_strings(argv), envc = count_strings(envp);
	unsigned long argp[MAX_ARG_STRINGS], envpp[MAX_ARG_STRINGS], random, execfn, sp;
	u8 rnd[16];

	sb.p = STACK_TOP;
	sb.n = 0;
	get_random_bytes(rnd, sizeof(rnd));	/* libc's stack-protector and pointer-guard seed */
	sb.p -= sizeof(rnd);
	if (copy_to_user((void __user *)sb.p, rnd, sizeof(rnd)))
		return 0;
	random = sb.p;
	execfn = push_string(&sb.p, bprm->filename);
	for (int i = envc - 1; i >= 0; i--)
		envpp[i] = push_string(&sb.p, envp[i]);
	for (int i = argc - 1; i >= 0; i--)
		argp[i] = push_string(&sb.p, argv[i]);
	/* where ps finds them again: /proc/<pid>/cmdline and environ */
	current->mm->arg_start = sb.p;
	current->mm->arg_end = current->mm->env_start = envc ? envpp[0] : execfn;
	current->mm->env_end = execfn;
	put_word(&sb, argc);
	for (int i = 0; i < argc; i++)
		put_word(&sb, argp[i]);
	put_word(&sb, 0);
	for (int i = 0; i < envc; i++)
		put_word(&sb, envpp[i]);
	put_word(&sb, 0);
	put_aux(&sb, AT_PHDR, bprm->phdr_addr);
	put_aux(&sb, AT_PHENT, sizeof(Elf64_Phdr));
	put_aux(&sb, AT_PHNUM, bprm->phnum);
	put_aux(&sb, AT_PAGESZ, PAGE_SIZE);
	put_aux(&sb, AT_BASE, 0);
	put_aux(&sb, AT_FLAGS, 0);
	put_aux(&sb, AT_ENTRY, bprm->entry);
	put_aux(&sb, AT_UID, current->cred.uid);
	put_aux(&sb, AT_EUID, current->cred.euid);
	put_aux(&sb, AT_GID, current->cred.gid);
	put_aux(&sb, AT_EGID, current->cred.egid);
	put_aux(&sb, AT_HWCAP, 0);
	put_aux(&sb, AT_CLKTCK, HZ);
	put_aux(&sb, AT_SECURE, 0);
	put_aux(&sb, AT_RANDOM, random);
	put_aux(&sb, AT_EXECFN, execfn);
	put_aux(&sb, AT_NULL, 0);
	sp = ALIGN_DOWN(sb.p - sb.n * sizeof(unsigned long), 16);
	if (!execfn || copy_to_user((void __user *)sp, sb.words, sb.n * sizeof(unsigned long)))
		return 0;
	return sp;
}

/* Make the new mm and load the program into it; NULL-safe on failure. */
static int prepare_mm(struct linux_binprm *bprm)
{
	int err;

	bprm->mm = mm_alloc();
	if (!bprm->mm)
		return -ENOMEM;
	arch_pick_mmap_layout(bprm->mm);
	err = load_elf_binary(bprm);
	if (!err)
		err = setup_stack_vma(bprm->mm);	/* pages come on first touch */
	if (err) {
		mmput(bprm->mm);
		bprm->mm = NULL;
	}
	return err;
}

static void set_comm_from(const char *filename)
{
	strlcpy(current->comm, filename + dirname_len(filename), TASK_COMM_LEN);
}

/* Bytes the strings need on the new stack, with the vectors and auxv. */
static size_t stack_bytes_needed(const char *filename, const char *const *argv,
				 const char *const *envp)
{
	size_t bytes = strlen(filename) + 1 + 16;
	int n = count_strings(argv) + count_strings(envp);

	for (int i = 0; argv && argv[i]; i++)
		bytes += strlen(argv[i]) + 1;
	for (int i = 0; envp && envp[i]; i++)
		bytes += strlen(envp[i]) + 1;
	return bytes + (n + 3 + 2 * AUXV_PAIRS) * sizeof(unsigned long) + 16;
}

/*
 * Load and start filename in current, from a kernel thread or a user
 * process.  Everything that can fail is done before the point of no
 * return (the switch to the new mm); after it the old mm is freed.
 * owned (may be NULL) is freed just before leaving for user mode: the
 * caller's copies of argv and envp, no longer needed once on the stack.
 */
int do_execve(const char *filename, const char *const *argv,
	      const char *const *envp, void *owned)
{
	struct linux_binprm bprm = { .filename = filename, .interp = filename };
	struct mm_struct *old_mm = current->mm;
	struct script_args *script = NULL;
	unsigned long sp;
	int err;

	err = read_executable(&bprm, filename);
	if (!err)
		err = load_script(&bprm, &argv, &script);
	if (!err && (count_strings(argv) + count_strings(envp) > MAX_ARG_STRINGS ||
		     stack_bytes_needed(filename, argv, envp) > STACK_INITIAL_SIZE / 4))
		err = -E2BIG;
	if (!err)
		err = prepare_mm(&bprm);
	release_executable(&bprm);
	if (err)
		goto out_free;
	/* the point of no return */
	current->mm = bprm.mm;
	current->flags &= ~PF_KTHREAD;	/* a kernel thread becomes a process */
	switch_mm(bprm.mm);
	if (old_mm) {
		task_note_maxrss(current, old_mm);	/* ru_maxrss spans execs */
		mmput(old_mm);
	}
	do_close_on_exec(current->files);
	arch_setup_new_exec();
	flush_signal_handlers(current, false);	/* caught -> SIG_DFL; mask, pending kept */
	current->sas_ss_sp = current->sas_ss_size = 0;
	current->flags &= ~PF_FORKNOEXEC;	/* setpgid() on it is -EACCES now */
	sp = create_elf_tables(&bprm, argv, envp);
	set_comm_from(filename);
	kfree(script);
	kfree(owned);
	if (!sp)
		do_exit(SIGSEGV);	/* cannot happen: the size was checked */
	start_user_thread(bprm.entry, sp);

out_free:
	kfree(script);
	return err;
}

/*
 * fds 0, 1 and 2 on /dev/console for the first program a kernel thread
 * runs, as Linux's console_on_rootfs() gives init.  Without a console
 * the program starts with no descriptors (Linux says the same warning).
 */
void console_on_rootfs(void)
{
	struct file *file = filp_open("/dev/console", O_RDWR, 0);

	if (IS_ERR(file)) {
		pr_err("Warning: unable to open an initial console (error %ld).\n", PTR_ERR(file));
		return;
	}
	for (int fd = 0; fd < 3; fd++)
		if (replace_fd(fd, file, 0) < 0)
			break;
	fput(file);
}

/* From a kernel thread: it gets a file table, fds 0-2, root and cwd first. */
int kernel_execve(const char *filename, const char *const *argv,
		  const char *const *envp)
{
	if (!current->files) {
		int err = init_task_files();

		if (err)
			return err;
		console_on_rootfs();
	}
	return do_execve(filename, argv, envp, NULL);
}
