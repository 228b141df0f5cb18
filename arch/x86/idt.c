/*
 * arch/x86/idt.c - the Interrupt Descriptor Table.
 *
 * All 256 vectors get an interrupt gate (interrupts off on entry) to the
 * matching stub in entry.asm.  The double fault, NMI and machine check use
 * IST stacks (see gdt.c).  int3 is callable from ring 3 (DPL 3) as in
 * Linux, so a user breakpoint is a trap and not a #GP.
 * Linux: arch/x86/kernel/idt.c.
 */
#include <asm/desc.h>
#include <asm/segment.h>
#include <asm/traps.h>
#include <mneme/kernel.h>

#define GATE_INTERRUPT	0xe
#define GATE_PRESENT	0x80

struct idt_gate {
	u16 offset_low;
	u16 segment;
	u8 ist;
	u8 type_attr;		/* present, DPL, type */
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

static struct idt_gate idt[256] __aligned(16);
extern const u64 isr_stub_table[256];

static void set_gate(int vector, u64 handler, int ist, int dpl)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = handler & 0xffff;
	g->segment = __KERNEL_CS;
	g->ist = ist;
	g->type_attr = GATE_PRESENT | (dpl << 5) | GATE_INTERRUPT;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

void idt_init(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed ptr = { sizeof(idt) - 1, (u64)idt };

	for (int v = 0; v < 256; v++)
		set_gate(v, isr_stub_table[v], 0, 0);
	set_gate(X86_TRAP_DF, isr_stub_table[X86_TRAP_DF], IST_DOUBLE_FAULT, 0);
	set_gate(X86_TRAP_NMI, isr_stub_table[X86_TRAP_NMI], IST_NMI, 0);
	set_gate(X86_TRAP_MC, isr_stub_table[X86_TRAP_MC], IST_MACHINE_CHECK, 0);
	set_gate(X86_TRAP_BP, isr_stub_table[X86_TRAP_BP], 0, 3);
	__asm__ __volatile__("lidt %0" : : "m"(ptr) : "memory");
}
