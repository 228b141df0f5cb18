/*
 * fs/exec.c - turning a kernel thread into a user process running a
 * program from the initrd: kernel_execve().
 *
 * 1. Find the file (following symlinks: /bin/sh -> /bin/busybox).
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
 * This version reads files from the initrd directly (no VFS yet) and
 * populates all memory eagerly; the user-space issue completes it.
 * execve(2) (sys_execve() in kernel/sys.c) copies the user's strings in
 * and calls do_execve(); the old address space is freed once the new one
 * is ready, and a failure before that returns an error to the caller.
 * Linux: fs/exec.c (kernel_execve, do_execveat_common), create_elf_tables()
 * in fs/binfmt_elf.c.
 */
#include <asm/processor.h>
#include <asm/syscall.h>
#include <mneme/binfmts.h>
#include <mneme/initrd.h>
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
#include <uapi/elf.h>
#include <uapi/errno.h>
#include <uapi/signal.h>

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
 * The file at path, symlinks followed: 0 or -ENOENT, -ELOOP, -EACCES,
 * -ENAMETOOLONG.  A relative target is taken from the link's directory.
 */
static int find_executable(const char *path, struct cpio_entry *e)
{
	char buf[2][256];

	for (int links = 0; links <= BINPRM_MAX_SYMLINKS; links++) {
		char *next = buf[links & 1];
		size_t dir;

		if (initrd_lookup(path, e))
			return -ENOENT;
		if (cpio_is_reg(e))
			return 0;
		if (!cpio_is_symlink(e))
			return -EACCES;		/* a directory or a device */
		dir = dirname_len(path);
		if (e->size && ((const char *)e->data)[0] == '/')
			dir = 0;
		if (dir + e->size >= sizeof(buf[0]))
			return -ENAMETOOLONG;
		memmove(next, path, dir);	/* path may be the other buffer */
		memcpy(next + dir, e->data, e->size);
		next[dir + e->size] = '\0';
		path = next;
	}
	return -ELOOP;
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
	put_aux(&sb, AT_UID, 0);
	put_aux(&sb, AT_EUID, 0);
	put_aux(&sb, AT_GID, 0);
	put_aux(&sb, AT_EGID, 0);
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
	err = load_elf_binary(bprm);
	if (!err)
		err = populate_user_range(bprm->mm, STACK_TOP - STACK_INITIAL_SIZE,
					  STACK_TOP, PAGE_SHARED);
	bprm->mm->start_stack = STACK_TOP;
	bprm->mm->mmap_next = MMAP_BASE;
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
	struct linux_binprm bprm = { .filename = filename };
	struct mm_struct *old_mm = current->mm;
	struct cpio_entry e;
	unsigned long sp;
	int err;

	if (count_strings(argv) + count_strings(envp) > MAX_ARG_STRINGS ||
	    stack_bytes_needed(filename, argv, envp) > STACK_INITIAL_SIZE / 4)
		return -E2BIG;
	err = find_executable(filename, &e);
	if (err)
		return err;
	bprm.data = e.data;
	bprm.size = e.size;
	err = prepare_mm(&bprm);
	if (err)
		return err;
	/* the point of no return */
	current->mm = bprm.mm;
	current->flags &= ~PF_KTHREAD;	/* a kernel thread becomes a process */
	switch_mm(bprm.mm);
	if (old_mm) {
		task_note_maxrss(current, old_mm);	/* ru_maxrss spans execs */
		mmput(old_mm);
	}
	arch_setup_new_exec();
	sp = create_elf_tables(&bprm, argv, envp);
	set_comm_from(filename);
	kfree(owned);
	if (!sp)
		do_exit(SIGSEGV);	/* cannot happen: the size was checked */
	start_user_thread(bprm.entry, sp);
}

int kernel_execve(const char *filename, const char *const *argv,
		  const char *const *envp)
{
	return do_execve(filename, argv, envp, NULL);
}
