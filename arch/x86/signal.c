/*
 * arch/x86/signal.c - signals, the x86_64 half: the frame a handler runs
 * on, rt_sigreturn() that unwinds it, and syscall restart.
 *
 * On the way back to user mode (exit_to_user_mode()) with a signal
 * pending, arch_do_signal_or_restart() asks get_signal() (kernel/signal.c)
 * for one with a handler.  For it, handle_signal() first settles the
 * interrupted system call (below), then setup_rt_frame() pushes on the
 * user stack (or the alternate stack, SA_ONSTACK), from the top down:
 * the 128-byte red zone is skipped, the fxsave image (64-byte aligned),
 * then struct rt_sigframe (asm/sigframe.h) aligned so that rsp + 8 is a
 * multiple of 16, as after a call.  The registers are pointed at the
 * handler: rip = handler, rdi = signo, rsi = &frame->info, rdx =
 * &frame->uc, rsp = frame (whose first word, the return address, is
 * sa_restorer; musl always gives SA_RESTORER, and a frame without one is
 * refused as in Linux), and the handler starts with a clean FPU state.
 * The handler returns into the restorer, which calls rt_sigreturn: it
 * reads the ucontext back from rsp - 8, restores the registers (the user
 * may change only the arithmetic and trap flags of rflags, never IOPL,
 * and cs/ss are forced to ring 3), the mask, the FPU image (MXCSR's
 * reserved bits cleared so fxrstor cannot fault) and the alt-stack
 * setting.  A frame that cannot be written or read kills with SIGSEGV.
 *
 * Syscall restart: a sleeping syscall interrupted by a signal returns
 * -ERESTARTSYS (restart if the handler has SA_RESTART, else -EINTR),
 * -ERESTARTNOHAND (-EINTR when a handler runs: pause, sigsuspend) or
 * -ERESTARTNOINTR (always restart).  When no handler runs (the signal was
 * ignored or stopped us) every one of them restarts.  Restarting means
 * rip -= 2 (back onto the 2-byte `syscall`) and rax = the number again.
 * A frame came from a syscall when vector is -1 and orig_rax (our
 * error_code) is >= 0; rt_sigreturn sets it to -1 so nothing restarts
 * twice.  ERESTART_RESTARTBLOCK (restart_syscall) is not used by any
 * call here and becomes -EINTR.
 *
 * Differences from Linux: the FPU image is a bare fxsave (no xsave
 * header, uc_flags has no UC_FP_XSTATE); a rip at or above TASK_SIZE_MAX
 * is refused by rt_sigreturn (Linux lets iret fault and then signals).
 * Linux: arch/x86/kernel/signal.c, signal_64.c, fpu/signal.c.
 */
#include <asm/fpu.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/sigframe.h>
#include <asm/syscall.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/signal.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

#define X86_EFLAGS_CF	(1UL << 0)
#define X86_EFLAGS_PF	(1UL << 2)
#define X86_EFLAGS_AF	(1UL << 4)
#define X86_EFLAGS_ZF	(1UL << 6)
#define X86_EFLAGS_SF	(1UL << 7)
#define X86_EFLAGS_TF	(1UL << 8)
#define X86_EFLAGS_DF	(1UL << 10)
#define X86_EFLAGS_OF	(1UL << 11)
#define X86_EFLAGS_RF	(1UL << 16)
/* The rflags bits a sigreturn may set (Linux's FIX_EFLAGS). */
#define FIX_EFLAGS	(X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF | \
			 X86_EFLAGS_SF | X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF | \
			 X86_EFLAGS_CF | X86_EFLAGS_RF)

#define SYSCALL_INSN_LEN	2	/* 0f 05 */
#define NO_SYSCALL		(~0UL)	/* orig_rax when the frame is not a syscall's */

static bool from_syscall(const struct pt_regs *regs)
{
	return regs->vector == NO_SYSCALL && (long)regs->error_code >= 0;
}

static void restart_syscall(struct pt_regs *regs)
{
	regs->rax = regs->error_code;
	regs->rip -= SYSCALL_INSN_LEN;
}

/* ---- the FPU image ---------------------------------------------------------- */

/* The user's live x87/SSE registers into the frame; then a clean state. */
static int save_fpu_to_user(unsigned long fpstate)
{
	struct fxregs_state *fx = &current->fpu;

	fxsave(fx);
	memset(fx->rest + sizeof(fx->rest) - 48, 0, 48);	/* software-reserved bytes */
	if (copy_to_user((void __user *)fpstate, fx, sizeof(*fx)))
		return -EFAULT;
	return 0;
}

static void fpu_reset_for_handler(void)
{
	fpu_init_task(current);
	fxrstor(&current->fpu);
}

static int restore_fpu_from_user(unsigned long fpstate)
{
	struct fxregs_state fx;
	u32 mask;

	if (!fpstate) {
		fpu_reset_for_handler();
		return 0;
	}
	if (copy_from_user(&fx, (const void __user *)fpstate, sizeof(fx)))
		return -EFAULT;
	fxsave(&current->fpu);		/* for this CPU's mxcsr_mask */
	mask = current->fpu.mxcsr_mask ? current->fpu.mxcsr_mask : MXCSR_DEFAULT_MASK;
	fx.mxcsr &= mask;		/* a reserved bit would #GP in fxrstor */
	current->fpu = fx;
	fxrstor(&current->fpu);
	return 0;
}

/* ---- building the frame ------------------------------------------------------ */

static void setup_sigcontext(struct sigcontext *sc, const struct pt_regs *regs,
			     sigset_t mask, unsigned long fpstate)
{
	const struct thread_struct *th = &current->thread;

	sc->r8 = regs->r8;   sc->r9 = regs->r9;   sc->r10 = regs->r10; sc->r11 = regs->r11;
	sc->r12 = regs->r12; sc->r13 = regs->r13; sc->r14 = regs->r14; sc->r15 = regs->r15;
	sc->rdi = regs->rdi; sc->rsi = regs->rsi; sc->rbp = regs->rbp; sc->rbx = regs->rbx;
	sc->rdx = regs->rdx; sc->rax = regs->rax; sc->rcx = regs->rcx; sc->rsp = regs->rsp;
	sc->rip = regs->rip;
	sc->eflags = regs->rflags;
	sc->cs = (u16)regs->cs;
	sc->ss = (u16)regs->ss;
	sc->err = th->error_code;
	sc->trapno = th->trap_nr;
	sc->cr2 = th->cr2;
	sc->oldmask = mask;
	sc->fpstate = fpstate;
}

/*
 * Where the frame goes: below the red zone, or at the top of the
 * alternate stack; 0 if it would overflow the alternate stack.
 */
static unsigned long get_sigframe(const struct ksignal *ksig, const struct pt_regs *regs,
				  unsigned long *fpstate)
{
	unsigned long sp = regs->rsp - SIGFRAME_REDZONE;
	bool nested = on_sig_stack(sp), entering = false;

	if ((ksig->ka.sa.sa_flags & SA_ONSTACK) && sas_ss_flags(sp) == 0) {
		sp = current->sas_ss_sp + current->sas_ss_size;
		entering = true;
	}
	sp = ALIGN_DOWN(sp - sizeof(struct fxregs_state), SIGFRAME_FPU_ALIGN);
	*fpstate = sp;
	sp -= sizeof(struct rt_sigframe);
	sp = ALIGN_DOWN(sp + 8, 16) - 8;	/* as if the handler had been called */
	if ((nested || entering) && !on_sig_stack(sp))
		return 0;
	return sp;
}

static int setup_rt_frame(struct ksignal *ksig, struct pt_regs *regs)
{
	sigset_t mask = *sigmask_to_save();
	struct rt_sigframe frame;
	unsigned long fpstate, addr = get_sigframe(ksig, regs, &fpstate);
	struct rt_sigframe __user *uframe = (struct rt_sigframe __user *)addr;

	if (!addr || !(ksig->ka.sa.sa_flags & SA_RESTORER))
		return -EFAULT;
	memset(&frame, 0, sizeof(frame));
	frame.pretcode = (unsigned long)ksig->ka.sa.sa_restorer;
	frame.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	frame.uc.uc_stack.ss_sp = (void __user *)current->sas_ss_sp;
	frame.uc.uc_stack.ss_size = current->sas_ss_size;
	frame.uc.uc_stack.ss_flags = sas_ss_flags(regs->rsp);
	setup_sigcontext(&frame.uc.uc_mcontext, regs, mask, fpstate);
	frame.uc.uc_sigmask = mask;
	if (ksig->ka.sa.sa_flags & SA_SIGINFO)
		frame.info = ksig->info;
	if (save_fpu_to_user(fpstate) || copy_to_user(uframe, &frame, sizeof(frame)))
		return -EFAULT;

	regs->rdi = (unsigned long)ksig->sig;
	regs->rax = 0;
	regs->rsi = (unsigned long)&uframe->info;
	regs->rdx = (unsigned long)&uframe->uc;
	regs->rip = (unsigned long)ksig->ka.sa.sa_handler;
	regs->rsp = addr;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->rflags &= ~(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	fpu_reset_for_handler();
	return 0;
}

/* A handler is about to run: settle the interrupted syscall, push the frame. */
static void handle_signal(struct ksignal *ksig, struct pt_regs *regs)
{
	if (from_syscall(regs)) {
		switch ((long)regs->rax) {
		case -ERESTART_RESTARTBLOCK:
		case -ERESTARTNOHAND:
			regs->rax = (unsigned long)-EINTR;
			break;
		case -ERESTARTSYS:
			if (!(ksig->ka.sa.sa_flags & SA_RESTART)) {
				regs->rax = (unsigned long)-EINTR;
				break;
			}
			restart_syscall(regs);
			break;
		case -ERESTARTNOINTR:
			restart_syscall(regs);
			break;
		}
	}
	signal_setup_done(setup_rt_frame(ksig, regs) < 0, ksig);
}

void arch_do_signal_or_restart(struct pt_regs *regs)
{
	struct ksignal ksig;

	if (get_signal(&ksig)) {
		handle_signal(&ksig, regs);
		return;
	}
	/* No handler ran: the interrupted call starts again. */
	if (from_syscall(regs)) {
		switch ((long)regs->rax) {
		case -ERESTARTNOHAND:
		case -ERESTARTSYS:
		case -ERESTARTNOINTR:
			restart_syscall(regs);
			break;
		case -ERESTART_RESTARTBLOCK:
			regs->rax = (unsigned long)-EINTR;
			break;
		}
	}
	restore_saved_sigmask();
}

/* ---- rt_sigreturn ------------------------------------------------------------ */

static int restore_sigcontext(struct pt_regs *regs, const struct sigcontext *sc)
{
	if (sc->rip >= TASK_SIZE_MAX)
		return -EFAULT;
	regs->r8 = sc->r8;   regs->r9 = sc->r9;   regs->r10 = sc->r10; regs->r11 = sc->r11;
	regs->r12 = sc->r12; regs->r13 = sc->r13; regs->r14 = sc->r14; regs->r15 = sc->r15;
	regs->rdi = sc->rdi; regs->rsi = sc->rsi; regs->rbp = sc->rbp; regs->rbx = sc->rbx;
	regs->rdx = sc->rdx; regs->rax = sc->rax; regs->rcx = sc->rcx; regs->rsp = sc->rsp;
	regs->rip = sc->rip;
	regs->rflags = (regs->rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	regs->cs = __USER_CS;		/* ring 3, 64-bit, whatever the frame says */
	regs->ss = __USER_DS;
	regs->error_code = NO_SYSCALL;	/* not a syscall any more: no restart */
	return restore_fpu_from_user(sc->fpstate);
}

/* rt_sigreturn(): back to where the signal came, from the frame at rsp - 8. */
long sys_rt_sigreturn(struct pt_regs *regs)
{
	struct rt_sigframe __user *frame =
		(struct rt_sigframe __user *)(regs->rsp - sizeof(unsigned long));
	struct ucontext uc;

	if (copy_from_user(&uc, &frame->uc, sizeof(uc)))
		goto badframe;
	set_current_blocked(uc.uc_sigmask);
	if (restore_sigcontext(regs, &uc.uc_mcontext))
		goto badframe;
	/* as Linux: errors here are squashed, the stack setting may stay */
	do_sigaltstack(&uc.uc_stack, NULL, regs->rsp);
	return (long)regs->rax;
badframe:
	pr_info("%s[%d]: bad frame in rt_sigreturn frame:%lx ip:%lx sp:%lx\n",
		current->comm, current->pid, (unsigned long)frame,
		(unsigned long)regs->rip, (unsigned long)regs->rsp);
	force_sigsegv(SIGSEGV);
	return (long)regs->rax;
}
