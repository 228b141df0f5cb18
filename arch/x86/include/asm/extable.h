/*
 * asm/extable.h - the exception table.
 *
 * An entry names one instruction that may fault on purpose (a user-memory
 * access, a probe) and where to continue if it does.  The fault handler
 * looks the faulting RIP up here before declaring an oops.  Linux:
 * arch/x86/include/asm/extable.h (Linux stores 32-bit relative offsets and
 * a handler type; we keep two absolute addresses for readability).
 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#include <asm/ptrace.h>
#include <mneme/types.h>

struct exception_table_entry {
	unsigned long insn;	/* address of the instruction that may fault */
	unsigned long fixup;	/* where to resume */
};

#define _ASM_EXTABLE(from, to)					\
	".pushsection __ex_table, \"a\"\n\t"			\
	".balign 8\n\t"						\
	".quad " #from ", " #to "\n\t"				\
	".popsection\n\t"

const struct exception_table_entry *search_exception_tables(unsigned long ip);
/* If regs->rip has a fixup, resume there and return true. */
bool fixup_exception(struct pt_regs *regs, unsigned long vector);

/*
 * Read 8 bytes at addr without oopsing when it faults: 0 or -EFAULT.
 * For diagnostics (backtraces) and tests.  Linux: copy_from_kernel_nofault().
 */
int probe_kernel_read_u64(const void *addr, u64 *val);
/* Write 8 bytes at addr the same way: 0 or -EFAULT (for tests). */
int probe_kernel_write_u64(void *addr, u64 val);

/* The vector, CR2 and error code of the last fault fixed up (for tests). */
extern unsigned long last_fixup_vector, last_fixup_address, last_fixup_error_code;

#endif
