/*
 * arch/x86/gdt.c - the Global Descriptor Table and the Task State Segment.
 *
 * Long mode ignores segment bases and limits for code and data, so the
 * GDT only says "64-bit code, ring 0/3" and "data, ring 0/3".  The TSS
 * matters for two stack pointers: rsp0 (the kernel stack on entry from
 * user mode, the running task's stack top, set by __switch_to()) and the
 * IST stacks, fresh stacks the CPU switches to for the double fault, NMI
 * and machine check whatever state the current stack is in.  That is
 * what lets a kernel stack overflow print a report instead of
 * triple-faulting.
 * Linux: arch/x86/kernel/cpu/common.c, arch/x86/include/asm/segment.h.
 */
#include <asm/desc.h>
#include <asm/segment.h>
#include <mneme/kernel.h>
#include <mneme/string.h>

/* Descriptor bits: present, DPL, code/data, executable, long mode, ... */
#define DESC_KERNEL_CODE64	0x00af9a000000ffffULL
#define DESC_KERNEL_CODE32	0x00cf9a000000ffffULL
#define DESC_KERNEL_DATA	0x00cf92000000ffffULL
#define DESC_USER_CODE32	0x00cffa000000ffffULL
#define DESC_USER_DATA		0x00cff2000000ffffULL
#define DESC_USER_CODE64	0x00affa000000ffffULL
#define DESC_TSS_AVAILABLE	0x89ULL		/* present, type 9 */

struct tss64 cpu_tss __aligned(16);
static u64 gdt[GDT_ENTRIES] __aligned(16);
static u8 ist_stacks[3][IST_STACK_SIZE] __aligned(16);

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

static void set_tss_descriptor(u64 base, u32 limit)
{
	gdt[GDT_ENTRY_TSS] = (limit & 0xffffULL) | ((base & 0xffffffULL) << 16) |
			     (DESC_TSS_AVAILABLE << 40) |
			     (((u64)limit >> 16 & 0xf) << 48) |
			     ((base >> 24 & 0xff) << 56);
	gdt[GDT_ENTRY_TSS + 1] = base >> 32;
}

void ist_stack_range(int ist, unsigned long *lo, unsigned long *hi)
{
	*lo = (unsigned long)ist_stacks[ist - 1];
	*hi = *lo + IST_STACK_SIZE;
}

/* Reload CS with a far return and the data segments with plain moves. */
static void reload_segments(void)
{
	__asm__ __volatile__(
		"pushq %0\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movl %1, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		: : "i"(__KERNEL_CS), "i"(__KERNEL_DS) : "rax", "memory");
}

void gdt_init(void)
{
	struct desc_ptr ptr = { sizeof(gdt) - 1, (u64)gdt };

	gdt[GDT_ENTRY_KERNEL32_CS] = DESC_KERNEL_CODE32;
	gdt[GDT_ENTRY_KERNEL_CS] = DESC_KERNEL_CODE64;
	gdt[GDT_ENTRY_KERNEL_DS] = DESC_KERNEL_DATA;
	gdt[GDT_ENTRY_USER32_CS] = DESC_USER_CODE32;
	gdt[GDT_ENTRY_USER_DS] = DESC_USER_DATA;
	gdt[GDT_ENTRY_USER_CS] = DESC_USER_CODE64;

	memset(&cpu_tss, 0, sizeof(cpu_tss));
	for (int i = 0; i < 3; i++)
		cpu_tss.ist[i] = (u64)ist_stacks[i] + IST_STACK_SIZE;
	cpu_tss.iomap_base = sizeof(cpu_tss);	/* no I/O bitmap */
	set_tss_descriptor((u64)&cpu_tss, sizeof(cpu_tss) - 1);

	__asm__ __volatile__("lgdt %0" : : "m"(ptr) : "memory");
	reload_segments();
	__asm__ __volatile__("ltr %w0" : : "r"(GDT_TSS_SEL));
}
