; arch/x86/entry.asm - interrupt and exception entry.
;
; One small stub per vector makes every entry look the same: vectors where
; the CPU pushes no error code get a 0, then the stub pushes its vector
; number and jumps to common_entry, which saves the general registers in
; struct pt_regs order (asm/ptrace.h) and calls do_interrupt(regs).
; On entry from user mode (CS RPL 3) we swapgs so GS points at the kernel's
; per-CPU area (used from issue 5 on), and swap back on the way out.
;
; Stack at the call: 15 registers + vector + error code + the CPU's 5-word
; frame = 22 words = 176 bytes; the CPU aligned RSP to 16 before pushing,
; so RSP is 16-byte aligned at the call, as the C ABI wants.

bits 64
section .text

extern do_interrupt
extern x86_smap_enabled
global isr_stub_table
global ret_from_interrupt

PT_CS equ 18 * 8	; offsetof(struct pt_regs, cs)

%macro ISR_NOERR 1
isr_%1:
	push 0
	push %1
	jmp common_entry
%endmacro

%macro ISR_ERR 1
isr_%1:
	push %1
	jmp common_entry
%endmacro

; Vectors 8, 10-14, 17, 21, 29 and 30 push an error code (Intel SDM vol. 3
; table 6-1, AMD's #VC/#SX).
%assign v 0
%rep 256
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
	ISR_ERR v
%else
	ISR_NOERR v
%endif
%assign v v + 1
%endrep

; The general registers, in struct pt_regs order (asm/ptrace.h).
%macro PUSH_REGS 0
	push rdi
	push rsi
	push rdx
	push rcx
	push rax
	push r8
	push r9
	push r10
	push r11
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
%endmacro

%macro POP_REGS 0
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	pop r11
	pop r10
	pop r9
	pop r8
	pop rax
	pop rcx
	pop rdx
	pop rsi
	pop rdi
%endmacro

common_entry:
	cld
	cmp byte [x86_smap_enabled], 0
	je .smap_closed
	clac			; user mode may have set EFLAGS.AC: SMAP back on
.smap_closed:
	PUSH_REGS
	test qword [rsp + PT_CS], 3
	jz .from_kernel
	swapgs
.from_kernel:
	mov rdi, rsp
	call do_interrupt
ret_from_interrupt:
	test qword [rsp + PT_CS], 3
	jz .to_kernel
	swapgs
.to_kernel:
	POP_REGS
	add rsp, 16		; vector and error code
	iretq

section .rodata
align 8
isr_stub_table:
%assign v 0
%rep 256
	dq isr_ %+ v
%assign v v + 1
%endrep

; call_on_stack(stack_top, fn): switch to another stack and call fn, which
; must never return (kernel/fork.c, init_task_move_stack()).  RBP = 0 ends
; backtraces there; stack_top is 16-byte aligned, so fn sees the usual
; ABI alignment after the call pushes its return address.
section .text
global call_on_stack
call_on_stack:
	mov rsp, rdi
	xor ebp, ebp
	call rsi
	ud2

; entry_SYSCALL_64: the `syscall` instruction lands here in ring 0 with
; interrupts off (MSR_SYSCALL_MASK), rcx = user rip, r11 = user rflags,
; rax = syscall number, and rsp still the user's.  swapgs makes GS the
; per-CPU area (asm/percpu.h), where we park the user rsp and find the
; task's kernel stack.  The frame is a struct pt_regs like an interrupt's:
; vector = -1 (none), error_code = the syscall number (Linux's orig_rax).
PCPU_USER_RSP		equ 0
PCPU_TOP_OF_STACK	equ 8
USER_DS			equ 0x2b
USER_CS			equ 0x33
PT_RIP			equ 17 * 8
PT_RFLAGS		equ 19 * 8
PT_RSP			equ 20 * 8

extern do_syscall_64
global entry_SYSCALL_64
global start_user_thread_frame
section .text
entry_SYSCALL_64:
	swapgs
	mov [gs:PCPU_USER_RSP], rsp
	mov rsp, [gs:PCPU_TOP_OF_STACK]
	push USER_DS			; ss
	push qword [gs:PCPU_USER_RSP]	; rsp
	push r11			; rflags
	push USER_CS			; cs
	push rcx			; rip
	push rax			; error_code: the syscall number
	push -1				; vector: none
	PUSH_REGS
	mov rdi, rsp
	call do_syscall_64		; returns with interrupts off
	test al, al
	jz .iret			; rip/rflags changed: the general way out
	POP_REGS
	mov rcx, [rsp + 16]		; rip (sysret takes it from rcx)
	mov r11, [rsp + 32]		; rflags (from r11)
	mov rsp, [rsp + 40]		; the user stack
	swapgs
	o64 sysret
.iret:
	jmp ret_from_interrupt		; swapgs (CS is user) and iretq

; start_user_thread_frame(frame): rsp = a pt_regs frame for user mode at
; the top of the task's kernel stack; leave through the interrupt return.
start_user_thread_frame:
	mov rsp, rdi
	cli
	jmp ret_from_interrupt
