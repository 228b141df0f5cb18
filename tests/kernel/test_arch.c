/*
 * tests/kernel/test_arch.c - ktests for arch/x86: the trap frame, the
 * exception path (through exception-table fixups, so the kernel survives),
 * descriptor tables and CPU protections.
 */
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/extable.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/traps.h>
#include <mneme/ktest.h>
#include <mneme/mm_early.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>
#include <uapi/errno.h>

#define UNMAPPED_KERNEL_ADDR	0xffffa00000000000UL
#define NON_CANONICAL_ADDR	0x8000000000000000UL

extern char boot_stack_guard[], boot_stack_bottom[];

/* entry.asm pushes in this order; PT_CS there is 18 * 8. */
KTEST(arch, trap_frame_layout)
{
	KT_EXPECT_EQ(kt, offsetof(struct pt_regs, r15), 0);
	KT_EXPECT_EQ(kt, offsetof(struct pt_regs, rdi), 14 * 8);
	KT_EXPECT_EQ(kt, offsetof(struct pt_regs, vector), 15 * 8);
	KT_EXPECT_EQ(kt, offsetof(struct pt_regs, error_code), 16 * 8);
	KT_EXPECT_EQ(kt, offsetof(struct pt_regs, rip), 17 * 8);
	KT_EXPECT_EQ(kt, offsetof(struct pt_regs, cs), 18 * 8);
	KT_EXPECT_EQ(kt, offsetof(struct pt_regs, ss), 21 * 8);
	KT_EXPECT_EQ(kt, sizeof(struct pt_regs), PT_REGS_SIZE);
	KT_EXPECT_EQ(kt, sizeof(struct pt_regs) % 16, 0);
}

KTEST(arch, page_fault_on_unmapped_address_is_fixed_up)
{
	u64 v = 1;

	KT_EXPECT_EQ(kt, probe_kernel_read_u64((void *)UNMAPPED_KERNEL_ADDR, &v),
		     -EFAULT);
	KT_EXPECT_EQ(kt, last_fixup_vector, X86_TRAP_PF);
	KT_EXPECT_EQ(kt, last_fixup_address, UNMAPPED_KERNEL_ADDR);
	KT_EXPECT_EQ(kt, v, 0);
}

KTEST(arch, mapped_address_reads_through_probe)
{
	static const u64 value = 0x1122334455667788ULL;
	u64 v = 0;

	KT_EXPECT_EQ(kt, probe_kernel_read_u64(&value, &v), 0);
	KT_EXPECT_EQ(kt, v, value);
}

KTEST(arch, non_canonical_address_is_general_protection)
{
	u64 v;

	KT_EXPECT_EQ(kt, probe_kernel_read_u64((void *)NON_CANONICAL_ADDR, &v),
		     -EFAULT);
	KT_EXPECT_EQ(kt, last_fixup_vector, X86_TRAP_GP);
}

KTEST(arch, null_page_is_not_mapped)
{
	u64 v;

	KT_EXPECT_EQ(kt, probe_kernel_read_u64(NULL, &v), -EFAULT);
	KT_EXPECT_EQ(kt, last_fixup_address, 0);
}

KTEST(arch, boot_stack_has_guard_page)
{
	u64 v;

	KT_EXPECT_EQ(kt, probe_kernel_read_u64(boot_stack_guard, &v), -EFAULT);
	KT_EXPECT_EQ(kt, last_fixup_address, (unsigned long)boot_stack_guard);
	KT_EXPECT_EQ(kt, probe_kernel_read_u64(boot_stack_bottom, &v), 0);
}

/* ud2 has no error code: checks the other kind of entry stub. */
KTEST(arch, invalid_opcode_is_dispatched_with_its_vector)
{
	int err = 0;

	__asm__ __volatile__(
		"1:	ud2\n"
		"2:\n"
		".pushsection .text.fixup, \"ax\"\n"
		"3:	movl $1, %0\n"
		"	jmp 2b\n"
		".popsection\n"
		_ASM_EXTABLE(1b, 3b)
		: "+r"(err));
	KT_EXPECT_EQ(kt, err, 1);
	KT_EXPECT_EQ(kt, last_fixup_vector, X86_TRAP_UD);
}

KTEST(arch, page_fault_error_code_decoding)
{
	char buf[96];

	format_pf_error(buf, sizeof(buf), 0);
	KT_EXPECT_STREQ(kt, buf, "not-present read kernel");
	format_pf_error(buf, sizeof(buf), X86_PF_PROT | X86_PF_WRITE | X86_PF_USER);
	KT_EXPECT_STREQ(kt, buf, "protection-violation write user");
	format_pf_error(buf, sizeof(buf), X86_PF_PROT | X86_PF_INSTR);
	KT_EXPECT_STREQ(kt, buf, "protection-violation instruction-fetch kernel");
	format_pf_error(buf, sizeof(buf), X86_PF_PROT | X86_PF_RSVD);
	KT_EXPECT_STREQ(kt, buf, "protection-violation read kernel reserved-bit");
}

KTEST(arch, trap_names)
{
	KT_EXPECT_STREQ(kt, trap_name(X86_TRAP_PF), "Page Fault");
	KT_EXPECT_STREQ(kt, trap_name(X86_TRAP_DF), "Double Fault");
	KT_EXPECT_STREQ(kt, trap_name(X86_TRAP_GP), "General Protection Fault");
	KT_EXPECT_STREQ(kt, trap_name(40), "Hardware Interrupt");
}

KTEST(arch, segments_and_task_register)
{
	u16 cs, ss, tr;

	__asm__ __volatile__("mov %%cs, %0" : "=r"(cs));
	__asm__ __volatile__("mov %%ss, %0" : "=r"(ss));
	__asm__ __volatile__("str %0" : "=r"(tr));
	KT_EXPECT_EQ(kt, cs, __KERNEL_CS);
	KT_EXPECT_EQ(kt, ss, __KERNEL_DS);
	KT_EXPECT_EQ(kt, tr, GDT_TSS_SEL);
	KT_EXPECT_NE(kt, cpu_tss.ist[IST_DOUBLE_FAULT - 1], 0);
	KT_EXPECT_EQ(kt, cpu_tss.ist[IST_DOUBLE_FAULT - 1] % 16, 0);
}

KTEST(arch, idt_covers_all_vectors)
{
	struct {
		u16 limit;
		u64 base;
	} __packed idtr;

	__asm__ __volatile__("sidt %0" : "=m"(idtr));
	KT_EXPECT_EQ(kt, idtr.limit, 256 * 16 - 1);
	KT_EXPECT_GE(kt, idtr.base, __START_KERNEL_map);
}

KTEST(arch, protections_match_cpu_features)
{
	KT_EXPECT_EQ(kt, !!(rdmsr(MSR_EFER) & EFER_NXE),
		     boot_cpu_has(X86_FEATURE_NX));
	KT_EXPECT_EQ(kt, !!(read_cr4() & X86_CR4_SMEP),
		     boot_cpu_has(X86_FEATURE_SMEP));
	KT_EXPECT_EQ(kt, !!(read_cr4() & X86_CR4_SMAP),
		     boot_cpu_has(X86_FEATURE_SMAP));
	KT_EXPECT_TRUE(kt, read_cr0() & X86_CR0_WP);
}
