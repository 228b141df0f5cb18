/*
 * tests/kernel/test_syscall.c - ktests for ring 3 and the SYSCALL entry.
 *
 * To test the entry on its own, below any libc, each test runs a few bytes of hand-assembled
 * x86_64 code in user mode: a kernel thread maps a code page (user, read
 * and execute) and a stack page (user, read/write) at fixed addresses in
 * init_mm's lower half, and leaves for ring 3 with start_user_thread().
 * The code makes system calls by Linux's numbers and ends with exit(2),
 * whose status the test collects with kernel_wait(); a program that
 * faults is killed with SIGSEGV.  The mapping and its page tables are
 * removed after each run.  Each program's assembly is in the comment
 * beside its bytes.
 */
#include <asm/syscall.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/pgtable.h>
#include <mneme/sched.h>
#include <mneme/string.h>
#include <mneme/tlbflush.h>
#include <uapi/errno.h>
#include <uapi/signal.h>

#define CODE_ADDR	0x400000UL
#define STACK_ADDR	0x600000UL	/* one page; sp starts at its top */
#define USER_SPAN	(STACK_ADDR + PAGE_SIZE - CODE_ADDR)

/* User code, read-only and executable (Linux: PAGE_READONLY_EXEC). */
#define PAGE_USER_RX	__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)

struct user_prog {
	const u8 *code;
	size_t len;
	struct page *code_page, *stack_page;
};

static int map_one(pte_t *pte, unsigned long addr, void *data)
{
	struct user_prog *p = data;

	if (addr == CODE_ADDR)
		set_pte(pte, mk_pte(p->code_page, PAGE_USER_RX));
	else if (addr == STACK_ADDR)
		set_pte(pte, mk_pte(p->stack_page, PAGE_SHARED));
	return 0;
}

static int unmap_one(pte_t *pte, unsigned long addr, void *data)
{
	(void)addr;
	(void)data;
	pte_clear(pte);
	return 0;
}

/* The thread: into ring 3 at the program's first byte, never back. */
static int run_in_user_mode(void *arg)
{
	(void)arg;
	if (!init_task_files())		/* fds 0-2 on the console, as an exec'd program */
		console_on_rootfs();
	start_user_thread(CODE_ADDR, STACK_ADDR + PAGE_SIZE);
}

/* Run code in ring 3 in a new thread; its wait status, or -1. */
static int run_user_program(const u8 *code, size_t len, int *pid_out)
{
	struct user_prog p = { .code = code, .len = len };
	int pid, status = -1;

	p.code_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	p.stack_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (p.code_page && p.stack_page &&
	    !apply_to_page_range(&init_mm, CODE_ADDR, USER_SPAN, map_one, &p)) {
		memcpy(page_address(p.code_page), code, len);
		pid = kernel_thread(run_in_user_mode, NULL, "usertest");
		if (pid > 0 && kernel_wait(pid, &status) != pid)
			status = -1;
		if (pid_out)
			*pid_out = pid;
	}
	apply_to_existing_page_range(&init_mm, CODE_ADDR, USER_SPAN, unmap_one, NULL);
	flush_tlb_all();
	free_empty_kernel_tables(&init_mm, CODE_ADDR, USER_SPAN);
	if (p.code_page)
		__free_page(p.code_page);
	if (p.stack_page)
		__free_page(p.stack_page);
	return status;
}

#define EXIT_STATUS(code)	(((code) & 0xff) << 8)	/* what wait() reports */

KTEST(syscall, getpid_then_exit_with_it)
{
	static const u8 prog[] = {
		0xb8, 0x27, 0x00, 0x00, 0x00,	/* mov eax, 39 (getpid) */
		0x0f, 0x05,			/* syscall */
		0x48, 0x89, 0xc7,		/* mov rdi, rax */
		0xb8, 0x3c, 0x00, 0x00, 0x00,	/* mov eax, 60 (exit) */
		0x0f, 0x05,			/* syscall */
		0x0f, 0x0b,			/* ud2: never reached */
	};
	int pid = 0, status = run_user_program(prog, sizeof(prog), &pid);

	KT_EXPECT_GT(kt, pid, 0);
	KT_EXPECT_EQ(kt, status, EXIT_STATUS(pid));
}

KTEST(syscall, callee_saved_registers_survive_a_syscall)
{
	static const u8 prog[] = {
		0x48, 0xc7, 0xc3, 0x05, 0x00, 0x00, 0x00,	/* mov rbx, 5 */
		0x49, 0xc7, 0xc4, 0x07, 0x00, 0x00, 0x00,	/* mov r12, 7 */
		0x49, 0xc7, 0xc5, 0x0b, 0x00, 0x00, 0x00,	/* mov r13, 11 */
		0x49, 0xc7, 0xc6, 0x0d, 0x00, 0x00, 0x00,	/* mov r14, 13 */
		0x49, 0xc7, 0xc7, 0x11, 0x00, 0x00, 0x00,	/* mov r15, 17 */
		0x48, 0xc7, 0xc5, 0x13, 0x00, 0x00, 0x00,	/* mov rbp, 19 */
		0xb8, 0x18, 0x00, 0x00, 0x00,			/* mov eax, 24 (sched_yield) */
		0x0f, 0x05,					/* syscall */
		0x48, 0x89, 0xdf,				/* mov rdi, rbx */
		0x4c, 0x01, 0xe7,				/* add rdi, r12 */
		0x4c, 0x01, 0xef,				/* add rdi, r13 */
		0x4c, 0x01, 0xf7,				/* add rdi, r14 */
		0x4c, 0x01, 0xff,				/* add rdi, r15 */
		0x48, 0x01, 0xef,				/* add rdi, rbp */
		0x48, 0x01, 0xc7,				/* add rdi, rax (0) */
		0xb8, 0x3c, 0x00, 0x00, 0x00,			/* mov eax, 60 (exit) */
		0x0f, 0x05,					/* syscall */
	};

	KT_EXPECT_EQ(kt, run_user_program(prog, sizeof(prog), NULL),
		     EXIT_STATUS(5 + 7 + 11 + 13 + 17 + 19));
}

KTEST(syscall, unknown_number_returns_enosys)
{
	static const u8 prog[] = {
		0xb8, 0xe7, 0x03, 0x00, 0x00,	/* mov eax, 999 */
		0x0f, 0x05,			/* syscall */
		0x48, 0xf7, 0xd8,		/* neg rax */
		0x48, 0x89, 0xc7,		/* mov rdi, rax */
		0xb8, 0x3c, 0x00, 0x00, 0x00,	/* mov eax, 60 (exit) */
		0x0f, 0x05,			/* syscall */
	};

	KT_EXPECT_EQ(kt, run_user_program(prog, sizeof(prog), NULL), EXIT_STATUS(ENOSYS));
}

KTEST(syscall, write_copies_from_user_and_a_bad_buffer_is_efault)
{
	/* exit(write(1, msg, 12) + -write(1, 0x10, 5)): 12 + 14 */
	static const u8 prog[] = {
		0xbf, 0x01, 0x00, 0x00, 0x00,		/*  0: mov edi, 1 */
		0x48, 0x8d, 0x35, 0x37, 0x00, 0x00, 0x00, /* 5: lea rsi, [rip + 55] (msg) */
		0xba, 0x0c, 0x00, 0x00, 0x00,		/* 12: mov edx, 12 */
		0xb8, 0x01, 0x00, 0x00, 0x00,		/* 17: mov eax, 1 (write) */
		0x0f, 0x05,				/* 22: syscall */
		0x49, 0x89, 0xc4,			/* 24: mov r12, rax */
		0xbf, 0x01, 0x00, 0x00, 0x00,		/* 27: mov edi, 1 */
		0xbe, 0x10, 0x00, 0x00, 0x00,		/* 32: mov esi, 0x10 */
		0xba, 0x05, 0x00, 0x00, 0x00,		/* 37: mov edx, 5 */
		0xb8, 0x01, 0x00, 0x00, 0x00,		/* 42: mov eax, 1 (write) */
		0x0f, 0x05,				/* 47: syscall */
		0x48, 0xf7, 0xd8,			/* 49: neg rax */
		0x4c, 0x01, 0xe0,			/* 52: add rax, r12 */
		0x48, 0x89, 0xc7,			/* 55: mov rdi, rax */
		0xb8, 0x3c, 0x00, 0x00, 0x00,		/* 58: mov eax, 60 (exit) */
		0x0f, 0x05,				/* 63: syscall */
		0x0f, 0x0b,				/* 65: ud2 */
		'h', 'e', 'l', 'l', 'o', ',', ' ',	/* 67: msg */
		'u', 's', 'e', 'r', '\n',
	};

	KT_EXPECT_EQ(kt, run_user_program(prog, sizeof(prog), NULL), EXIT_STATUS(12 + EFAULT));
}

KTEST(syscall, user_fault_kills_the_task_not_the_kernel)
{
	static const u8 null_write[] = {
		0xc6, 0x04, 0x25, 0x00, 0x00, 0x00, 0x00, 0x2a,	/* mov byte [0], 42 */
	};
	static const u8 write_to_code[] = {
		0xc6, 0x05, 0xf9, 0xff, 0xff, 0xff, 0x2a,	/* mov byte [rip - 7], 42 */
	};
	static const u8 kernel_read[] = {
		0x48, 0xb8, 0x00, 0x00, 0x00, 0x00,		/* mov rax, PAGE_OFFSET */
		0x00, 0x80, 0xff, 0xff,
		0x48, 0x8b, 0x00,				/* mov rax, [rax] */
	};
	static const u8 invalid_opcode[] = { 0x0f, 0x0b };	/* ud2 */

	KT_EXPECT_EQ(kt, run_user_program(null_write, sizeof(null_write), NULL), SIGSEGV);
	KT_EXPECT_EQ(kt, run_user_program(write_to_code, sizeof(write_to_code), NULL), SIGSEGV);
	KT_EXPECT_EQ(kt, run_user_program(kernel_read, sizeof(kernel_read), NULL), SIGSEGV);
	KT_EXPECT_EQ(kt, run_user_program(invalid_opcode, sizeof(invalid_opcode), NULL), SIGILL);
}
