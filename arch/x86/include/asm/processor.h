/* asm/processor.h - control registers, MSRs, CPUID and interrupt flag. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <mneme/types.h>

#define X86_CR0_MP	(1UL << 1)	/* wait/fwait honours TS */
#define X86_CR0_EM	(1UL << 2)	/* x87 emulation: must be off */
#define X86_CR0_TS	(1UL << 3)	/* task switched: FPU use faults #NM */
#define X86_CR0_NE	(1UL << 5)	/* x87 errors as #MF, not IRQ 13 */
#define X86_CR0_WP	(1UL << 16)
#define X86_CR0_PG	(1UL << 31)
#define X86_CR4_PAE	(1UL << 5)
#define X86_CR4_PGE	(1UL << 7)
#define X86_CR4_OSFXSR	(1UL << 9)	/* fxsave/fxrstor and SSE allowed */
#define X86_CR4_OSXMMEXCPT (1UL << 10)	/* SSE exceptions as #XM */
#define X86_CR4_PCIDE	(1UL << 17)
#define X86_CR4_SMEP	(1UL << 20)
#define X86_CR4_SMAP	(1UL << 21)
#define X86_EFLAGS_IF	(1UL << 9)
#define X86_EFLAGS_AC	(1UL << 18)

#define MSR_EFER	0xc0000080
#define EFER_NXE	(1UL << 11)
#define MSR_FS_BASE	0xc0000100
#define MSR_GS_BASE	0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

#define DEFINE_CR(n)							\
static inline unsigned long read_cr##n(void)				\
{									\
	unsigned long v;						\
	__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));		\
	return v;							\
}									\
static inline void write_cr##n(unsigned long v)				\
{									\
	__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory");	\
}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"((u32)v),
			     "d"((u32)(v >> 32)));
}

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c,
			       u32 *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void halt(void)
{
	__asm__ __volatile__("hlt");
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause");
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline unsigned long local_save_flags(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags) : : "memory");
	return flags;
}

static inline unsigned long local_irq_save(void)
{
	unsigned long flags = local_save_flags();

	local_irq_disable();
	return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

static inline bool irqs_disabled(void)
{
	return !(local_save_flags() & X86_EFLAGS_IF);
}

/* Halt for good with interrupts off (NMIs may still wake us: loop). */
static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;) {
		local_irq_disable();
		halt();
	}
}

#endif
