/*
 * proc_self_maps_and_status: what /proc says about this process's memory
 * follows what the process does, as on Linux.
 *
 * /proc/self/maps lists the program's text (r-xp, with the program's
 * path), its data (rw-p, same path), [heap] once brk has grown, [stack]
 * around a local variable, an anonymous mmap as rw-p exactly at the
 * address mmap returned (fenced by PROT_NONE pages so no neighbour can
 * merge with it), a PROT_READ mapping as r--p, which is gone after
 * munmap.  Touching N pages of the fenced region makes VmRSS grow by
 * about N pages (VmSize grew by the mapping at mmap), statm agrees with
 * status, the region's smaps entry says Rss = Private_Dirty = Anonymous
 * = N pages, /proc/self/stat's minflt grows by at least N, /proc/vmstat's
 * pgfault grows, and /proc/meminfo has every field free/top/ps read.
 * The /proc files are read with read(2) into static buffers, so reading
 * them allocates nothing that would disturb the numbers.
 * A kernel whose maps is empty (no VMAs yet) cannot be checked: skip;
 * one that does not map the program file skips the path checks (below).
 */
#include "guest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define TOUCH_PAGES	64
#define HEAP_GROW	(64 * 1024)
#define SLACK_KB	64	/* what else may change between two reads */
#define MAX_VMAS	512
#define PATH_LEN	256

struct vma_line {
	unsigned long start, end;
	char perms[5];
	char path[PATH_LEN];
};

static char text[256 * 1024];
static struct vma_line vmas[MAX_VMAS];
static int nr_vmas;
static long page_size;
int initialized_data = 42;	/* in the program file's rw-p segment */
/*
 * Whether the kernel maps the program file itself (text with a path): a
 * kernel that copies the program into anonymous memory (no file-backed
 * mappings yet) cannot show the path, so those two checks are skipped
 * and the test ends 77 if all else passed.
 */
static int program_file_mapped = 1;

/* The whole file into text[] (NUL-ended); its length, or -1. */
static long read_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;

	if (fd < 0)
		return -1;
	while ((r = read(fd, text + n, sizeof(text) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';
	return r < 0 ? -1 : n;
}

static void read_maps(void)
{
	char *line = text;

	nr_vmas = 0;
	if (read_file("/proc/self/maps") < 0)
		test_abort("read /proc/self/maps");
	while (*line && nr_vmas < MAX_VMAS) {
		struct vma_line *v = &vmas[nr_vmas];
		char *nl = strchr(line, '\n');
		int used = 0;

		if (nl)
			*nl = '\0';
		v->path[0] = '\0';
		if (sscanf(line, "%lx-%lx %4s %*x %*x:%*x %*u %n", &v->start, &v->end, v->perms,
			   &used) >= 3) {
			snprintf(v->path, sizeof(v->path), "%s", used ? line + used : "");
			nr_vmas++;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
}

static const struct vma_line *vma_containing(unsigned long addr)
{
	for (int i = 0; i < nr_vmas; i++)
		if (vmas[i].start <= addr && addr < vmas[i].end)
			return &vmas[i];
	return NULL;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* "Name:   123 kB" anywhere in text[]: 123, or -1. */
static long field(const char *name)
{
	const char *p = strstr(text, name);

	return p ? strtol(p + strlen(name), NULL, 10) : -1;
}

static long status_kb(const char *name)
{
	if (read_file("/proc/self/status") < 0)
		test_abort("read /proc/self/status");
	return field(name);
}

/* Field n (1-based) of /proc/self/stat, counted after the ")" of comm. */
static long stat_field(int n)
{
	const char *p;

	if (read_file("/proc/self/stat") < 0 || !(p = strrchr(text, ')')))
		test_abort("read /proc/self/stat");
	p += 2;		/* field 3 starts here */
	for (int i = 3; i < n; i++)
		p = strchr(p, ' ') + 1;
	return strtol(p, NULL, 10);
}

static long vmstat_pgfault(void)
{
	if (read_file("/proc/vmstat") < 0)
		test_abort("read /proc/vmstat");
	return field("\npgfault ");
}

static void check_program_and_stack(const char *argv0)
{
	int local = 0;
	const char *me = base_name(self_path(argv0));
	const struct vma_line *t = vma_containing((unsigned long)&check_program_and_stack);
	const struct vma_line *d = vma_containing((unsigned long)&initialized_data);
	const struct vma_line *s = vma_containing((unsigned long)&local);

	program_file_mapped = !t || t->path[0];
	if (program_file_mapped) {
		EXPECT(t && !strcmp(t->perms, "r-xp") && !strcmp(base_name(t->path), me),
		       "text: expected r-xp .../%s, got %s %s", me, t ? t->perms : "(none)",
		       t ? t->path : "");
		EXPECT(d && !strcmp(d->perms, "rw-p") && !strcmp(base_name(d->path), me),
		       "data: expected rw-p .../%s, got %s %s", me, d ? d->perms : "(none)",
		       d ? d->path : "");
	} else {
		EXPECT(!strcmp(t->perms, "r-xp"), "text: expected r-xp, got %s", t->perms);
	}
	EXPECT(s && !strcmp(s->perms, "rw-p") && !strcmp(s->path, "[stack]"),
	       "stack: expected rw-p [stack], got %s %s", s ? s->perms : "(none)", s ? s->path : "");
}

static void check_heap(void)
{
	unsigned long cur = (unsigned long)syscall(SYS_brk, 0), grown;
	const struct vma_line *h;

	grown = (unsigned long)syscall(SYS_brk, cur + HEAP_GROW);
	EXPECT(grown >= cur + HEAP_GROW, "brk: expected >= %#lx, got %#lx", cur + HEAP_GROW, grown);
	read_maps();
	h = vma_containing(cur + HEAP_GROW - 1);
	EXPECT(h && !strcmp(h->path, "[heap]") && !strcmp(h->perms, "rw-p"),
	       "heap: expected rw-p [heap] at %#lx, got %s %s", cur, h ? h->perms : "(none)",
	       h ? h->path : "");
}

static void check_readonly_mapping(void)
{
	char *ro = mmap(NULL, 4 * (size_t)page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	const struct vma_line *v;

	if (ro == MAP_FAILED)
		test_abort("mmap PROT_READ");
	read_maps();
	v = vma_containing((unsigned long)ro);
	EXPECT(v && v->start <= (unsigned long)ro && v->end >= (unsigned long)ro + 4 * page_size &&
	       !strcmp(v->perms, "r--p") && !v->path[0],
	       "PROT_READ mmap at %p: expected an anonymous r--p line, got %s", (void *)ro,
	       v ? v->perms : "(none)");
	munmap(ro, 4 * (size_t)page_size);
	read_maps();
	for (int i = 0; i < 4; i++)
		EXPECT(!vma_containing((unsigned long)ro + (unsigned long)(i * page_size)),
		       "after munmap: page %p still listed", (void *)(ro + i * page_size));
}

/* The smaps entry starting at addr: its text (in text[]), or NULL. */
static char *smaps_entry(unsigned long addr)
{
	char head[32];
	char *p, *next;

	if (read_file("/proc/self/smaps") < 0)
		test_abort("read /proc/self/smaps");
	snprintf(head, sizeof(head), "%08lx-", addr);
	for (p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, head, strlen(head)))
			break;
	if (!p)
		return NULL;
	next = strstr(p, "VmFlags:");
	if (next && (next = strchr(next, '\n')))
		next[1] = '\0';
	return p;
}

static void check_smaps(unsigned long addr, long kb)
{
	char *e = smaps_entry(addr);
	const char *names[] = { "Rss:", "Private_Dirty:", "Anonymous:", "Pss:" };

	EXPECT(e != NULL, "smaps: no entry at %#lx", addr);
	if (!e)
		return;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *p = strstr(e, names[i]);

		EXPECT_EQ(kb, p ? strtol(p + strlen(names[i]), NULL, 10) : -1, names[i]);
	}
}

static void check_statm_matches_status(void)
{
	long size, resident, vmsize, vmrss;

	if (read_file("/proc/self/statm") < 0 || sscanf(text, "%ld %ld", &size, &resident) != 2)
		test_abort("read /proc/self/statm");
	vmsize = status_kb("VmSize:");
	vmrss = status_kb("VmRSS:");
	EXPECT_EQ(vmsize, size * (page_size / 1024), "statm size (kB) vs VmSize");
	EXPECT(labs(vmrss - resident * (page_size / 1024)) <= 2 * page_size / 1024,
	       "statm resident %ld kB vs VmRSS %ld kB", resident * (page_size / 1024), vmrss);
}

/* N pages rw, fenced by PROT_NONE pages: touch them, watch the counters. */
static void check_touched_region(void)
{
	size_t len = (TOUCH_PAGES + 2) * (size_t)page_size;
	long vs0 = status_kb("VmSize:"), rss0 = status_kb("VmRSS:"), vs1, rss1;
	long minflt0 = stat_field(10), pgfault0 = vmstat_pgfault(), touched_kb;
	char *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *region = map + page_size;
	const struct vma_line *v;

	if (map == MAP_FAILED)
		test_abort("mmap");
	if (mprotect(map, (size_t)page_size, PROT_NONE) ||
	    mprotect(region + TOUCH_PAGES * page_size, (size_t)page_size, PROT_NONE))
		test_abort("mprotect of the fence pages");
	vs1 = status_kb("VmSize:");
	touched_kb = TOUCH_PAGES * page_size / 1024;
	EXPECT(vs1 - vs0 >= (long)(len / 1024) && vs1 - vs0 <= (long)(len / 1024) + SLACK_KB,
	       "VmSize grew by %ld kB for a %zu kB mapping", vs1 - vs0, len / 1024);
	read_maps();
	v = vma_containing((unsigned long)region);
	EXPECT(v && v->start == (unsigned long)region &&
	       v->end == (unsigned long)region + TOUCH_PAGES * page_size && !strcmp(v->perms, "rw-p"),
	       "mmap at %p: expected %p-%p rw-p, got %#lx-%#lx %s", (void *)region, (void *)region,
	       (void *)(region + TOUCH_PAGES * page_size), v ? v->start : 0, v ? v->end : 0,
	       v ? v->perms : "(none)");
	for (int i = 0; i < TOUCH_PAGES; i++)
		region[i * page_size] = (char)i;
	rss1 = status_kb("VmRSS:");
	EXPECT(rss1 - rss0 >= touched_kb - SLACK_KB / 4 && rss1 - rss0 <= touched_kb + SLACK_KB,
	       "VmRSS grew by %ld kB after touching %ld kB", rss1 - rss0, touched_kb);
	check_statm_matches_status();
	check_smaps((unsigned long)region, touched_kb);
	EXPECT(stat_field(10) - minflt0 >= TOUCH_PAGES, "minflt grew by %ld, expected >= %d",
	       stat_field(10) - minflt0, TOUCH_PAGES);
	EXPECT(vmstat_pgfault() > pgfault0, "vmstat pgfault did not grow (%ld)", pgfault0);
	munmap(map, len);
}

static void check_meminfo(void)
{
	static const char *const names[] = {
		"MemTotal:", "MemFree:", "MemAvailable:", "Buffers:", "Cached:", "SwapCached:",
		"Active:", "Inactive:", "Active(anon):", "Inactive(anon):", "Active(file):",
		"Inactive(file):", "Unevictable:", "Mlocked:", "SwapTotal:", "SwapFree:",
		"Dirty:", "Writeback:", "AnonPages:", "Mapped:", "Shmem:", "KReclaimable:",
		"Slab:", "SReclaimable:", "SUnreclaim:", "KernelStack:", "PageTables:",
		"CommitLimit:", "Committed_AS:", "VmallocTotal:", "VmallocUsed:", "VmallocChunk:",
	};

	if (read_file("/proc/meminfo") < 0)
		test_abort("read /proc/meminfo");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char key[32];

		snprintf(key, sizeof(key), "\n%s", names[i]);
		EXPECT(!strncmp(text, names[i], strlen(names[i])) || strstr(text, key),
		       "/proc/meminfo has no %s line", names[i]);
	}
	EXPECT(field("MemFree:") <= field("MemTotal:"), "MemFree %ld > MemTotal %ld",
	       field("MemFree:"), field("MemTotal:"));
}

int main(int argc, char **argv)
{
	(void)argc;
	test_start("proc_self_maps_and_status");
	page_size = sysconf(_SC_PAGESIZE);
	read_maps();
	if (nr_vmas == 0)
		test_skip("/proc/self/maps is empty: this kernel has no VMAs yet");
	check_meminfo();
	check_program_and_stack(argv[0]);
	check_heap();
	check_readonly_mapping();
	check_touched_region();
	if (!test_failures && !program_file_mapped)
		test_skip("the program's text is anonymous r-xp (no file-backed exec mappings yet):"
			  " its path and data segment not checked; all else passed");
	return test_end();
}
