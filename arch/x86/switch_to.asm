; arch/x86/switch_to.asm - the register half of a context switch.
;
; __switch_to_asm(prev, next), called from context_switch() in
; kernel/sched/core.c with interrupts off.  The C calling convention says
; a call may clobber every register except rbx, rbp, r12-r15 and rsp, so
; those are all a switch must keep: push them on prev's stack, store rsp
; in prev->thread.sp, load next->thread.sp, pop next's.  Then jump (not
; call) to __switch_to() in arch/x86/process_64.c: its ret returns on
; next's stack, to wherever next called __switch_to_asm from, or for a
; new task to ret_from_fork_asm (copy_thread() put that address there).
;
;   prev's stack, switched out:    thread.sp -> r15 r14 r13 r12 rbx rbp ret
;
; Linux: arch/x86/entry/entry_64.S (__switch_to_asm, ret_from_fork_asm).

bits 64
section .text

TASK_threadsp equ 8	; offsetof(struct task_struct, thread.sp), checked in process_64.c

extern __switch_to
extern ret_from_fork
global __switch_to_asm
global ret_from_fork_asm

__switch_to_asm:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov [rdi + TASK_threadsp], rsp
	mov rsp, [rsi + TASK_threadsp]
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	jmp __switch_to		; returns prev in rax

; A new task's first instructions: rax is the task we switched from.
ret_from_fork_asm:
	mov rdi, rax
	call ret_from_fork	; never returns: ends in do_exit()
	ud2
