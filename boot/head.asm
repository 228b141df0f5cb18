; boot/head.asm - from GRUB's 32-bit hand-over to kernel_main() in 64-bit mode.
;
; GRUB (Multiboot2) enters _start in 32-bit protected mode with paging off,
; EAX = Multiboot2 magic and EBX = physical address of the boot information.
; This file:
;   1. checks the magic and that the CPU has long mode, printing a readable
;      message on the VGA text screen and COM1 if not;
;   2. builds the early page tables (2 MiB pages):
;        identity          0 .. 4 GiB  (needed while we switch modes)
;        direct map        PAGE_OFFSET 0xffff800000000000 .. +4 GiB
;        kernel image      0xffffffff80000000 .. +1 GiB -> physical 0
;   3. turns on PAE, EFER.LME (and EFER.NXE when the CPU has NX), paging,
;      loads a 64-bit GDT and far-jumps into 64-bit code;
;   4. switches to the boot stack in the high half and calls
;      kernel_main(mb2_info_phys).
; arch/x86/mm/init.c replaces these tables with init_top_pgt and frees them.
;
; Everything here is linked at its physical address (section .boot*).

MB2_MAGIC          equ 0xe85250d6
MB2_BOOT_MAGIC     equ 0x36d76289
MB2_ARCH_I386      equ 0
KERNEL_VMA         equ 0xffffffff80000000

PTE_PRESENT        equ 1 << 0
PTE_RW             equ 1 << 1
PTE_PSE            equ 1 << 7            ; 2 MiB page at PD level
CR0_PG             equ 1 << 31
CR0_WP             equ 1 << 16
CR4_PAE            equ 1 << 5
MSR_EFER           equ 0xc0000080
EFER_LME           equ 1 << 8
EFER_NXE           equ 1 << 11
CPUID_EXT_LM       equ 1 << 29           ; CPUID 0x80000001 EDX
CPUID_EXT_NX       equ 1 << 20

COM1               equ 0x3f8
VGA_TEXT           equ 0xb8000

extern kernel_main
global _start
global early_pml4, early_pd

; ---------------------------------------------------------------------------
section .multiboot2
align 8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	; information request: ask for the tags we parse (all optional)
align 8
.info_req:
	dw 1, 1
	dd .info_req_end - .info_req
	dd 1            ; command line
	dd 3            ; modules
	dd 4            ; basic memory info
	dd 6            ; memory map
	dd 8            ; framebuffer
	dd 14           ; ACPI old RSDP
	dd 15           ; ACPI new RSDP
.info_req_end:

	; modules page aligned, so the initrd can be handed to mm/ as pages
align 8
	dw 6, 0
	dd 8

	; console flags: we can drive EGA text mode (without this tag GRUB
	; assumes we cannot, and switches a BIOS machine to graphics)
align 8
	dw 4, 0
	dd 12
	dd 2            ; bit 1: EGA text supported

	; framebuffer: no preference; on BIOS grub.cfg keeps text mode
align 8
	dw 5, 1
	dd 20
	dd 0, 0, 0

align 8
	dw 0, 0
	dd 8
mb2_header_end:

; ---------------------------------------------------------------------------
section .boot.text
bits 32
_start:
	cli
	cld
	mov esp, boot32_stack_top
	cmp eax, MB2_BOOT_MAGIC
	jne .no_multiboot
	mov [mb2_info_phys], ebx

	; long mode?  CPUID 0x80000000 must reach 0x80000001 first.
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, CPUID_EXT_LM
	jz .no_long_mode
	mov [cpu_ext_edx], edx

	call build_early_page_tables

	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, early_pml4
	mov cr3, eax

	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	test dword [cpu_ext_edx], CPUID_EXT_NX
	jz .no_nx
	or eax, EFER_NXE
.no_nx:
	wrmsr

	mov eax, cr0
	or eax, CR0_PG | CR0_WP
	mov cr0, eax

	lgdt [gdt64_ptr]
	jmp 0x10:long_mode_entry

.no_multiboot:
	mov esi, msg_no_mb2
	jmp boot_fail
.no_long_mode:
	mov esi, msg_no_lm
	jmp boot_fail

; Fill the 7 early table pages (they are zeroed by the loader: .boot.bss is
; part of the file image, see linker.ld).
build_early_page_tables:
	; four page directories of 2 MiB pages cover 0 .. 4 GiB
	mov edi, early_pd
	mov eax, PTE_PRESENT | PTE_RW | PTE_PSE
	xor edx, edx                    ; high dword of the physical address
	mov ecx, 4 * 512
.fill_pd:
	mov [edi], eax
	mov [edi + 4], edx
	add eax, 0x200000
	adc edx, 0
	add edi, 8
	loop .fill_pd

	; low PDPT: entries 0..3 -> the four directories
	mov edi, early_pdpt_low
	mov eax, early_pd + (PTE_PRESENT | PTE_RW)
	mov ecx, 4
.fill_pdpt:
	mov [edi], eax
	add eax, 4096
	add edi, 8
	loop .fill_pdpt

	; high PDPT entry 510 (0xffffffff80000000) -> first directory (0..1 GiB)
	mov dword [early_pdpt_high + 510 * 8], early_pd + (PTE_PRESENT | PTE_RW)

	; PML4: 0 = identity, 256 = direct map, 511 = kernel image
	mov dword [early_pml4 + 0 * 8], early_pdpt_low + (PTE_PRESENT | PTE_RW)
	mov dword [early_pml4 + 256 * 8], early_pdpt_low + (PTE_PRESENT | PTE_RW)
	mov dword [early_pml4 + 511 * 8], early_pdpt_high + (PTE_PRESENT | PTE_RW)
	ret

; esi = message.  Print on COM1 and the VGA text screen, then halt forever:
; without long mode there is nothing else we can do.
boot_fail:
	mov edi, VGA_TEXT
	mov ebx, esi
.vga:
	lodsb
	test al, al
	jz .serial
	mov ah, 0x4f                    ; white on red
	mov [edi], ax
	add edi, 2
	jmp .vga
.serial:
	mov esi, ebx
.serial_char:
	lodsb
	test al, al
	jz .halt
	mov bl, al
	mov dx, COM1 + 5                ; line status register
.wait:
	in al, dx
	test al, 0x20                   ; transmit holding register empty
	jz .wait
	mov dx, COM1
	mov al, bl
	out dx, al
	jmp .serial_char
.halt:
	hlt
	jmp .halt

bits 64
long_mode_entry:
	mov ax, 0x18
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor ax, ax
	mov fs, ax
	mov gs, ax
	mov rax, high_entry
	jmp rax

; ---------------------------------------------------------------------------
section .boot.data
align 8
gdt64:
	dq 0                            ; null
	dq 0x00cf9a000000ffff           ; 0x08: kernel 32-bit code (unused)
	dq 0x00af9a000000ffff           ; 0x10: kernel 64-bit code
	dq 0x00cf92000000ffff           ; 0x18: kernel data
gdt64_end:
gdt64_ptr:
	dw gdt64_end - gdt64 - 1
	dd gdt64

global mb2_info_phys
mb2_info_phys: dd 0
cpu_ext_edx:   dd 0

msg_no_mb2: db "Mneme: not loaded by a Multiboot2 boot loader (bad magic in EAX); boot it with GRUB.", 13, 10, 0
msg_no_lm:  db "Mneme: this CPU has no 64-bit long mode; Mneme needs an x86_64 CPU.", 13, 10, 0

section .boot.bss nobits alloc write
align 4096
global early_pgtables_start, early_pgtables_end
early_pgtables_start:           ; freed by free_boot_page_tables()
early_pml4:      resb 4096
early_pdpt_low:  resb 4096
early_pdpt_high: resb 4096
early_pd:        resb 4 * 4096
early_pgtables_end:
boot32_stack:    resb 1024
boot32_stack_top:

; ---------------------------------------------------------------------------
section .text
bits 64
high_entry:
	mov rsp, boot_stack_top
	xor ebp, ebp                    ; terminates backtraces
	mov edi, [mb2_info_phys]        ; still identity-mapped here
	call kernel_main                ; never returns
	ud2

; The boot stack (the stack of kernel_main and, from issue 5, of the idle
; task): 16 KiB with a 4 KiB guard page below it.  arch/x86/early_mm.c,
; then arch/x86/mm/init.c, leave the guard page unmapped, so running off the bottom page-faults and the
; double-fault handler (on its own IST stack) reports the overflow.
section .bss..page_aligned nobits alloc write
align 4096
global boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard:  resb 4096
boot_stack_bottom: resb 16384
boot_stack_top:
