/* asm/desc.h - GDT, TSS and IDT set-up (arch/x86/gdt.c, arch/x86/idt.c). */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <mneme/compiler.h>
#include <mneme/types.h>

/* The 64-bit TSS: only the stack pointers matter in long mode. */
struct tss64 {
	u32 reserved0;
	u64 rsp[3];		/* rsp0: kernel stack on entry from user mode */
	u64 reserved1;
	u64 ist[7];		/* ist[0] is IST1 */
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

extern struct tss64 cpu_tss;

void gdt_init(void);		/* GDT, TSS with IST stacks, segment reload */
void idt_init(void);		/* all 256 gates; the IST ones for #DF/NMI/#MC */
/* Stack range [lo, hi) of IST slot ist (1-based), for the stack-overflow check. */
void ist_stack_range(int ist, unsigned long *lo, unsigned long *hi);

#endif
