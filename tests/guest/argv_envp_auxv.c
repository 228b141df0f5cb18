/*
 * argv_envp_auxv - what execve() gives the new program: the program runs
 * itself again (fork + execve) with a known argv (an empty string and one
 * with spaces among them) and a known environment, and the new image
 * checks argc, each argv string, that environ is exactly that list, and
 * the auxiliary vector: AT_PAGESZ 4096, AT_RANDOM non-NULL (16 readable
 * bytes), AT_EXECFN the path given to execve, AT_PHDR/AT_PHENT/AT_PHNUM
 * the program headers (one PT_LOAD, executable, holds AT_ENTRY), AT_ENTRY
 * the address of _start, and AT_UID/AT_GID the real ids.
 */
#include "guest.h"
#include <elf.h>
#include <stdint.h>
#include <sys/wait.h>

#define CHILD_FLAG	"--child"
#define PAGE		4096
#define RANDOM_BYTES	16

extern char **environ;
extern char _start[];	/* musl's crt1: the ELF entry point */

static char *const child_envp[] = { "ALPHA=1", "EMPTY=", "SPACED=a b  c", NULL };

static void check_args(int argc, char **argv, const char *self)
{
	const char *want[] = { self, CHILD_FLAG, "", "two words", "last" };
	int n = sizeof(want) / sizeof(want[0]);

	EXPECT_EQ(n, argc, "argc");
	for (int i = 0; i < n && i < argc; i++)
		EXPECT(!strcmp(argv[i], want[i]), "argv[%d]: expected \"%s\", got \"%s\"",
		       i, want[i], argv[i]);
	EXPECT(argv[argc] == NULL, "argv[argc] is not NULL");
}

static void check_env(void)
{
	int i;

	for (i = 0; child_envp[i]; i++)
		EXPECT(environ[i] && !strcmp(environ[i], child_envp[i]),
		       "environ[%d]: expected \"%s\", got \"%s\"", i, child_envp[i],
		       environ[i] ? environ[i] : "(null)");
	EXPECT(environ[i] == NULL, "environ has more than %d entries", i);
	EXPECT(getenv("SPACED") && !strcmp(getenv("SPACED"), "a b  c"), "getenv(\"SPACED\")");
}

/* The PT_LOAD segment holding addr, or NULL. */
static const Elf64_Phdr *load_segment_of(uintptr_t addr)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM);

	for (unsigned long i = 0; ph && i < n; i++)
		if (ph[i].p_type == PT_LOAD && addr >= ph[i].p_vaddr &&
		    addr < ph[i].p_vaddr + ph[i].p_memsz)
			return &ph[i];
	return NULL;
}

static void check_auxv(const char *self)
{
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	uintptr_t entry = getauxval(AT_ENTRY);
	const Elf64_Phdr *text;
	unsigned sum = 0;

	EXPECT_EQ(PAGE, getauxval(AT_PAGESZ), "AT_PAGESZ");
	EXPECT(rnd != NULL, "AT_RANDOM is NULL");
	for (int i = 0; rnd && i < RANDOM_BYTES; i++)
		sum += rnd[i];	/* they must be readable */
	(void)sum;
	EXPECT(execfn && !strcmp(execfn, self), "AT_EXECFN: expected \"%s\", got \"%s\"",
	       self, execfn ? execfn : "(null)");
	EXPECT(getauxval(AT_PHDR) != 0, "AT_PHDR is 0");
	EXPECT_EQ(sizeof(Elf64_Phdr), getauxval(AT_PHENT), "AT_PHENT");
	EXPECT(getauxval(AT_PHNUM) > 0, "AT_PHNUM is 0");
	EXPECT(entry == (uintptr_t)_start, "AT_ENTRY: expected _start %p, got %#lx",
	       (void *)_start, (unsigned long)entry);
	text = load_segment_of(entry);
	EXPECT(text && (text->p_flags & PF_X),
	       "no executable PT_LOAD in AT_PHDR holds AT_ENTRY %#lx", (unsigned long)entry);
	EXPECT_EQ(getuid(), getauxval(AT_UID), "AT_UID");
	EXPECT_EQ(getgid(), getauxval(AT_GID), "AT_GID");
}

int main(int argc, char **argv)
{
	const char *self = self_path(argv[0]);
	int status = -1;
	pid_t pid;

	test_start("argv_envp_auxv");
	if (argc > 1 && !strcmp(argv[1], CHILD_FLAG)) {
		test_start("argv_envp_auxv (re-executed)");
		check_args(argc, argv, self);
		check_env();
		check_auxv(self);
		return test_end();
	}
	pid = fork();
	if (pid == 0) {
		char *const child_argv[] = { (char *)self, CHILD_FLAG, "", "two words", "last", NULL };

		execve(self, child_argv, child_envp);
		printf("execve(%s): %s\n", self, strerror(errno));
		_exit(1);
	}
	EXPECT_EQ(pid, waitpid(pid, &status, 0), "waitpid");
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the re-executed program: expected exit 0, got status 0x%x", status);
	return test_end();
}
