/*
 * asm/sigframe.h - the frame a signal handler finds on its stack (x86_64
 * rt_sigframe, Linux's layout): at rsp the return address (sa_restorer,
 * musl's __restore_rt, which calls rt_sigreturn), then the ucontext with
 * the interrupted registers and mask, then the siginfo.  The fxsave image
 * lies above, 64-byte aligned, at uc.uc_mcontext.fpstate.
 * Linux: arch/x86/include/asm/sigframe.h.
 */
#ifndef ASM_SIGFRAME_H
#define ASM_SIGFRAME_H

#include <uapi/signal.h>

struct rt_sigframe {
	unsigned long pretcode;		/* char __user *: where the handler returns */
	struct ucontext uc;
	siginfo_t info;
	/* the fxsave image follows, above */
};

#define SIGFRAME_REDZONE	128	/* the x86_64 ABI's red zone below rsp */
#define SIGFRAME_FPU_ALIGN	64	/* Linux aligns the FPU image for xsave */

#endif
