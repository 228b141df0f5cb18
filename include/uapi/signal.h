/*
 * uapi/signal.h - Linux's signal ABI on x86_64: numbers, sigaction flags,
 * si_code values, and the structures user space and the kernel exchange
 * (struct sigaction as the rt_sigaction syscall sees it, siginfo_t,
 * stack_t, struct sigcontext and struct ucontext, which make up the
 * signal frame).  Layouts are Linux's to the byte; the ktest
 * signal.uapi_layouts_match_linux checks the offsets.
 * Linux: include/uapi/asm-generic/signal.h, signal-defs.h, siginfo.h,
 * arch/x86/include/uapi/asm/signal.h, sigcontext.h, ucontext.h.
 */
#ifndef UAPI_SIGNAL_H
#define UAPI_SIGNAL_H

#include <mneme/compiler.h>
#include <mneme/types.h>

#include <uapi/signum.h>
#define _NSIG		64

/* One bit per signal: signal n is bit n - 1 (the kernel's sigset_t on x86_64). */
typedef unsigned long sigset_t;

typedef void (*__sighandler_t)(int);
typedef void (*__sigrestore_t)(void);
#define SIG_DFL		((__sighandler_t)0)
#define SIG_IGN		((__sighandler_t)1)

/* sa_flags */
#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004
#define SA_RESTORER	0x04000000
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000

/* rt_sigprocmask's how */
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

/* sigaltstack */
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define MINSIGSTKSZ	2048

/* si_code: who sent it (<= 0: user space), or why the kernel did. */
#define SI_USER		0
#define SI_KERNEL	0x80
#define SI_TKILL	(-6)
#define ILL_ILLOPN	2
#define FPE_INTDIV	1
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define BUS_ADRALN	1
#define BUS_ADRERR	2
#define TRAP_BRKPT	1
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

/* What rt_sigaction() reads and writes: the kernel's struct, 32 bytes. */
struct sigaction {
	__sighandler_t sa_handler;
	unsigned long sa_flags;
	__sigrestore_t sa_restorer;
	sigset_t sa_mask;
};

#define SI_MAX_SIZE	128

/* siginfo_t: three ints, then a union of what each kind of signal carries. */
typedef struct siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	union {
		int _pad[SI_MAX_SIZE / sizeof(int) - 4];
		struct {		/* kill(), tkill(), SI_USER, SI_TKILL */
			int _pid;
			unsigned int _uid;
		} _kill;
		struct {		/* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
			void __user *_addr;
		} _sigfault;
		struct {		/* SIGCHLD */
			int _pid;
			unsigned int _uid;
			int _status;	/* exit code, or the signal */
			long _utime;
			long _stime;
		} _sigchld;
	} _sifields;
} __aligned(8) siginfo_t;

#define si_pid		_sifields._kill._pid
#define si_uid		_sifields._kill._uid
#define si_addr		_sifields._sigfault._addr
#define si_status	_sifields._sigchld._status
#define si_utime	_sifields._sigchld._utime
#define si_stime	_sifields._sigchld._stime

typedef struct sigaltstack {
	void __user *ss_sp;
	int ss_flags;
	unsigned long ss_size;
} stack_t;

/* The registers at the moment of the signal, in Linux's x86_64 order. */
struct sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp;
	u64 rip;
	u64 eflags;
	u16 cs, gs, fs, ss;
	u64 err;
	u64 trapno;
	u64 oldmask;
	u64 cr2;
	u64 fpstate;		/* user pointer to the fxsave image, or 0 */
	u64 reserved1[8];
};

/* uc_flags: the frame's ss is valid and sigreturn restores it strictly. */
#define UC_SIGCONTEXT_SS	0x2
#define UC_STRICT_RESTORE_SS	0x4

struct ucontext {
	unsigned long uc_flags;
	struct ucontext __user *uc_link;
	stack_t uc_stack;
	struct sigcontext uc_mcontext;
	sigset_t uc_sigmask;
};

#endif
