/*
 * binfmts.h - executing a program (fs/exec.c, fs/binfmt_elf.c).
 *
 * struct linux_binprm carries one execve() from the file to the first
 * user instruction: the file's bytes, the new mm, and what the ELF loader
 * found (entry point, program headers) for the auxiliary vector.
 * Linux: include/linux/binfmts.h.
 */
#ifndef MNEME_BINFMTS_H
#define MNEME_BINFMTS_H

#include <mneme/pgtable.h>
#include <mneme/types.h>

#define MAX_ARG_STRINGS		256	/* argv + envp entries, in this version */
#define BINPRM_BUF_SIZE		256	/* a "#!" line's bytes at most (Linux's) */

struct linux_binprm {
	const char *filename;		/* as asked for */
	const u8 *data;			/* the file, whole (read with kernel_read()) */
	size_t size;
	void *data_owned;		/* data's vmalloc'd buffer, or NULL */
	struct file *file;		/* the program, open: its segments map it */
	const char *interp;		/* the program that actually runs (a script's interpreter) */
	struct mm_struct *mm;		/* the new address space */
	unsigned long entry;		/* e_entry */
	unsigned long phdr_addr;	/* user address of the program headers */
	unsigned int phnum;
};

/* Load an ELF64 executable into bprm->mm: 0, -ENOEXEC, -ENOMEM, -EINVAL. */
int load_elf_binary(struct linux_binprm *bprm);

/*
 * A "#!" script (fs/binfmt_script.c): 1 if bprm->data is one, with
 * *interp and *arg (NULL if none) pointing into buf (BINPRM_BUF_SIZE);
 * 0 if it is not a script; -ENOEXEC for a "#!" line with no interpreter.
 */
int parse_script_line(const u8 *data, size_t size, char *buf, const char **interp,
		      const char **arg);

/*
 * Replace current's flow with the program at filename
 * (a path in the VFS).  Returns only on failure, with -errno; on success the
 * thread is a user process from the program's first instruction on.
 */
int kernel_execve(const char *filename, const char *const *argv,
		  const char *const *envp);
/* The same from a user process too; owned is kfree()d once unneeded. */
int do_execve(const char *filename, const char *const *argv,
	      const char *const *envp, void *owned);

#endif
