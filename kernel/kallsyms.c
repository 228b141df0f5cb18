/*
 * kernel/kallsyms.c - look addresses up in the generated symbol table.
 *
 * The table (build/kallsyms.c) holds function start addresses sorted
 * ascending and their names.  It is declared weak here: the first link of
 * the kernel has no table (kallsyms_num is then an undefined weak symbol,
 * address 0) and every lookup fails cleanly.  A function's size is the
 * distance to the next symbol, or to _etext for the last one.
 */
#include <mneme/kallsyms.h>
#include <mneme/kernel.h>
#include <mneme/mm_early.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>

extern const unsigned long kallsyms_addresses[] __weak;
extern const unsigned int kallsyms_name_offsets[] __weak;
extern const char kallsyms_names[] __weak;
extern const unsigned int kallsyms_num __weak;

static unsigned int nr_syms(void)
{
	return &kallsyms_num ? kallsyms_num : 0;
}

/* Index of the last symbol at or below addr; -1 if none. */
static int find_index(unsigned long addr)
{
	int lo = 0, hi = (int)nr_syms() - 1, found = -1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (kallsyms_addresses[mid] <= addr) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

bool kallsyms_lookup(unsigned long addr, const char **name,
		     unsigned long *offset, unsigned long *size)
{
	int i;
	unsigned long end;

	if (addr < (unsigned long)_text || addr >= (unsigned long)_etext)
		return false;
	i = find_index(addr);
	if (i < 0)
		return false;
	/* aliases share an address: step to the last one, then its end */
	while ((unsigned int)i + 1 < nr_syms() &&
	       kallsyms_addresses[i + 1] == kallsyms_addresses[i])
		i++;
	end = (unsigned int)i + 1 < nr_syms() ? kallsyms_addresses[i + 1] :
						 (unsigned long)_etext;
	*name = kallsyms_names + kallsyms_name_offsets[i];
	*offset = addr - kallsyms_addresses[i];
	*size = end - kallsyms_addresses[i];
	return true;
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (unsigned int i = 0; i < nr_syms(); i++)
		if (strcmp(kallsyms_names + kallsyms_name_offsets[i], name) == 0)
			return kallsyms_addresses[i];
	return 0;
}

int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	const char *name;
	unsigned long offset, sym_size;

	if (!kallsyms_lookup(addr, &name, &offset, &sym_size))
		return scnprintf(buf, size, "0x%016lx", addr);
	return scnprintf(buf, size, "%s+0x%lx/0x%lx", name, offset, sym_size);
}
