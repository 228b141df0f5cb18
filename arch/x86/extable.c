/*
 * arch/x86/extable.c - look up and apply exception-table fixups.
 *
 * The table (section __ex_table, collected by linker.ld) is small and in
 * link order, so a linear search is clear and fast enough; Linux sorts it
 * at build time and bisects.
 */
#include <asm/extable.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <uapi/errno.h>

extern const struct exception_table_entry __start_ex_table[], __stop_ex_table[];

unsigned long last_fixup_vector, last_fixup_address, last_fixup_error_code;

const struct exception_table_entry *search_exception_tables(unsigned long ip)
{
	for (const struct exception_table_entry *e = __start_ex_table;
	     e < __stop_ex_table; e++)
		if (e->insn == ip)
			return e;
	return NULL;
}

bool fixup_exception(struct pt_regs *regs, unsigned long vector)
{
	const struct exception_table_entry *e = search_exception_tables(regs->rip);

	if (!e)
		return false;
	last_fixup_vector = vector;
	last_fixup_address = vector == X86_TRAP_PF ? read_cr2() : 0;
	last_fixup_error_code = regs->error_code;
	regs->rip = e->fixup;
	return true;
}

int probe_kernel_read_u64(const void *addr, u64 *val)
{
	int err = 0;
	u64 v = 0;

	__asm__ __volatile__(
		"1:	movq (%2), %1\n"
		"2:\n"
		".pushsection .text.fixup, \"ax\"\n"
		"3:	movl %3, %0\n"
		"	jmp 2b\n"
		".popsection\n"
		_ASM_EXTABLE(1b, 3b)
		: "+r"(err), "+r"(v)
		: "r"(addr), "i"(-EFAULT)
		: "memory");
	*val = v;
	return err;
}

int probe_kernel_write_u64(void *addr, u64 val)
{
	int err = 0;

	__asm__ __volatile__(
		"1:	movq %2, (%1)\n"
		"2:\n"
		".pushsection .text.fixup, \"ax\"\n"
		"3:	movl %3, %0\n"
		"	jmp 2b\n"
		".popsection\n"
		_ASM_EXTABLE(1b, 3b)
		: "+r"(err)
		: "r"(addr), "r"(val), "i"(-EFAULT)
		: "memory");
	return err;
}
