/*
 * kallsyms.h - the kernel's own symbol table, for backtraces.
 *
 * Generated at build time from the first link (tools/gen-kallsyms) and
 * linked into the second; only functions.  Linux: kernel/kallsyms.c.
 */
#ifndef MNEME_KALLSYMS_H
#define MNEME_KALLSYMS_H

#include <mneme/types.h>

#define KSYM_NAME_LEN	128

/*
 * Find the function containing addr: its name, addr's offset into it and
 * the function's size.  Returns false when addr is not in kernel text.
 */
bool kallsyms_lookup(unsigned long addr, const char **name,
		     unsigned long *offset, unsigned long *size);
/* Address of the function called name, or 0. */
unsigned long kallsyms_lookup_name(const char *name);
/* "name+0xoff/0xsize", or the bare hex address when unknown. */
int sprint_symbol(char *buf, size_t size, unsigned long addr);

#endif
