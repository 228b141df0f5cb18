/*
 * mm/slub_debug.c - slub_debug: red zones, poisoning, call-site tracking
 * and consistency checks for SLUB caches, and Linux's reports when they
 * find damage.  Linux keeps all this in mm/slub.c; it is a file of its own
 * here to keep each file under ~800 lines, and because it reads as one
 * idea: what a debug cache writes around its objects and checks later.
 *
 * A cache takes the debug paths when its flags hold any of SLAB_DEBUG_FLAGS
 * (kmem_cache_create(), or slub_debug= on the command line, read once by
 * slub_debug_setup()).  mm/slub.c then lays its objects out as
 *
 *   object | red zone | free pointer | track alloc | track free | padding
 *
 * (calculate_layout()), gives it no CPU slab, and calls in here:
 *
 *   setup_slab_debug()        a new slab: all POISON_INUSE (P)
 *   setup_object_debug()      each object of it: free state, see below
 *   alloc_debug_processing()  an object leaving the freelist
 *   free_debug_processing()   an object coming back
 *   slab_pad_check()          a slab going back to the page allocator
 *
 * Invariants between calls, for an object of a debug cache:
 *   free:      bytes 0xbb in its red zone (Z); 0x6b ... 0x6b 0xa5 in the
 *              object when poisoned (P, no constructor); a free pointer
 *              to a free object of its own slab, or NULL (checked with F);
 *   allocated: bytes 0xcc in its red zone (Z);
 *   always:    0x5a in the padding after the metadata (P).
 * A check that finds other bytes prints a "BUG <cache>" report, puts the
 * right bytes back, and goes on.  Where Linux then gives up on the whole
 * slab (damage found at allocation) or leaks the object (damage found at
 * free), Mneme, the bytes restored, carries on using it, so a test can
 * check a report and still destroy its cache cleanly; a double free
 * (found with F or Z: with only P or U a double free of an object that
 * is not at the head of the freelist goes unseen, as in Linux), or a free
 * of a pointer that is not an object, is refused as in Linux.
 *
 * Also simpler than Linux: Mneme checks red zones and poison whenever Z
 * and P are on (Linux only with F too), and finds a double free through
 * the free-state red zone byte without F; F adds walking the slab's
 * freelist and checking free pointers.  No left red zone (Linux puts
 * one word before each object), no 'T', 'A', 'O' options, no ';'-separated
 * option blocks, no stack depot (a track is one return address).
 *
 * Locking: called with interrupts off by mm/slub.c.  Linux: mm/slub.c
 * (the CONFIG_SLUB_DEBUG half), Documentation/mm/slub.rst.
 */
#include <mneme/glob.h>
#include <mneme/kallsyms.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/params.h>
#include <mneme/poison.h>
#include <mneme/printk.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/stacktrace.h>
#include <mneme/string.h>
#include <mneme/time.h>

#include "slab.h"

#define SLUB_DUMP_MAX		128	/* object bytes a report dumps, at most */
#define SLUB_DUMP_ROW		16	/* bytes per hex-dump line */
#define SLAB_NAME_MAX		64	/* longest cache name slub_debug= matches */

unsigned long nr_slub_debug_reports;
static struct slub_debug_spec slub_debug_spec;	/* from the command line */

/* ---- slub_debug= -------------------------------------------------------- */

static unsigned int debug_flag_of(char c)
{
	switch (c) {
	case 'f': case 'F': return SLAB_CONSISTENCY_CHECKS;
	case 'z': case 'Z': return SLAB_RED_ZONE;
	case 'p': case 'P': return SLAB_POISON;
	case 'u': case 'U': return SLAB_STORE_USER;
	default: return 0;
	}
}

/*
 * Linux's parse_slub_debug_flags(): no value, or a value starting with
 * ',', means all of F, Z, P, U; '-' clears what came before it.
 */
void slub_debug_parse(const char *arg, struct slub_debug_spec *spec)
{
	spec->flags = SLAB_DEBUG_FLAGS;
	spec->slabs = NULL;
	spec->unknown = 0;
	if (!arg || !*arg)
		return;
	if (*arg != ',')
		spec->flags = 0;
	for (; *arg && *arg != ','; arg++) {
		if (*arg == '-')
			spec->flags = 0;
		else if (debug_flag_of(*arg))
			spec->flags |= debug_flag_of(*arg);
		else if (!spec->unknown)
			spec->unknown = *arg;
	}
	if (*arg == ',' && arg[1])
		spec->slabs = arg + 1;
}

/* Does name match one of the comma-separated globs in list? */
static bool slab_name_listed(const char *list, const char *name)
{
	char pattern[SLAB_NAME_MAX];

	while (*list) {
		size_t len = strchr(list, ',') ? (size_t)(strchr(list, ',') - list)
					       : strlen(list);

		if (len && len < sizeof(pattern)) {
			memcpy(pattern, list, len);
			pattern[len] = '\0';
			if (glob_match(pattern, name))
				return true;
		}
		list += len;
		if (*list == ',')
			list++;
	}
	return false;
}

unsigned int slub_debug_flags_for(const struct slub_debug_spec *spec,
				  const char *name)
{
	if (spec->slabs && !slab_name_listed(spec->slabs, name))
		return 0;
	return spec->flags;
}

void slub_debug_setup(void)
{
	slub_debug_spec = (struct slub_debug_spec){ 0 };
	if (!param_has("slub_debug"))
		return;
	slub_debug_parse(param_get("slub_debug"), &slub_debug_spec);
	if (slub_debug_spec.unknown)
		pr_err("slub_debug option '%c' unknown. skipped\n",
		       slub_debug_spec.unknown);
	pr_info("slub_debug: flags %#x (F %d Z %d P %d U %d) for %s\n",
		slub_debug_spec.flags,
		!!(slub_debug_spec.flags & SLAB_CONSISTENCY_CHECKS),
		!!(slub_debug_spec.flags & SLAB_RED_ZONE),
		!!(slub_debug_spec.flags & SLAB_POISON),
		!!(slub_debug_spec.flags & SLAB_STORE_USER),
		slub_debug_spec.slabs ? slub_debug_spec.slabs : "every cache");
}

unsigned int kmem_cache_flags(const char *name, unsigned int flags)
{
	return flags | slub_debug_flags_for(&slub_debug_spec, name);
}

/* ---- what a debug cache writes ----------------------------------------- */

static bool freeptr_outside_object(const struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

/* Where the free pointer and tracks end (Linux: get_info_end()). */
static unsigned int get_info_end(const struct kmem_cache *s)
{
	return freeptr_outside_object(s) ? s->inuse + sizeof(void *) : s->inuse;
}

static struct track *get_track(const struct kmem_cache *s, void *object,
			       enum track_item alloc)
{
	return (struct track *)((char *)object + get_info_end(s)) + alloc;
}

static void set_track(struct kmem_cache *s, void *object,
		      enum track_item alloc, unsigned long addr)
{
	struct track *t = get_track(s, object, alloc);

	t->addr = addr;
	t->when_ns = ktime_get_ns();
}

/* The object's poison (free objects only) and red zone, in state val. */
static void init_object(struct kmem_cache *s, void *object, u8 val)
{
	u8 *p = object;

	if ((s->flags & __OBJECT_POISON) && val == SLUB_RED_INACTIVE) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + s->object_size, val, s->inuse - s->object_size);
}

/* Linux poisons the whole slab first, so padding and tail read 0x5a. */
void setup_slab_debug(struct kmem_cache *s, struct page *page)
{
	if (s->flags & SLAB_POISON)
		memset(slab_address(page), POISON_INUSE, PAGE_SIZE << s->order);
}

void setup_object_debug(struct kmem_cache *s, void *object)
{
	init_object(s, object, SLUB_RED_INACTIVE);
	if (s->flags & SLAB_STORE_USER)
		memset(get_track(s, object, TRACK_ALLOC), 0, 2 * sizeof(struct track));
}

/* ---- reports ------------------------------------------------------------ */

static void slab_bug(struct kmem_cache *s, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nr_slub_debug_reports++;
	pr_err("=============================================================================\n");
	pr_err("BUG %s (Not tainted): %s\n", s->name, msg);
	pr_err("-----------------------------------------------------------------------------\n");
}

static void slab_fix(struct kmem_cache *s, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("FIX %s: %s\n", s->name, msg);
}

/* One print_hex_dump(DUMP_PREFIX_ADDRESS, 16, 1, ascii) line per 16 bytes. */
static void print_section(const char *text, const u8 *addr, unsigned int length)
{
	char line[SLUB_DUMP_ROW * 4 + 8];

	for (unsigned int i = 0; i < length; i += SLUB_DUMP_ROW) {
		unsigned int n = min(length - i, (unsigned int)SLUB_DUMP_ROW), pos = 0;

		for (unsigned int j = 0; j < SLUB_DUMP_ROW; j++)
			pos += scnprintf(line + pos, sizeof(line) - pos,
					 j < n ? "%02x " : "   ", addr[i + j]);
		pos += scnprintf(line + pos, sizeof(line) - pos, " ");
		for (unsigned int j = 0; j < n; j++) {
			u8 c = addr[i + j];

			line[pos++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		}
		line[pos] = '\0';
		pr_err("%s%016lx: %s\n", text, (unsigned long)(addr + i), line);
	}
}

static void print_track(const char *what, const struct track *t, u64 now_ns)
{
	char sym[KSYM_NAME_LEN + 40];

	if (!t->addr)
		return;
	sprint_symbol(sym, sizeof(sym), t->addr);
	pr_err("INFO: %s in %s age=%lums\n", what, sym,
	       (unsigned long)((now_ns - t->when_ns) / NSEC_PER_MSEC));
}

static void print_tracking(struct kmem_cache *s, void *object)
{
	u64 now_ns = ktime_get_ns();

	if (!(s->flags & SLAB_STORE_USER))
		return;
	print_track("Allocated", get_track(s, object, TRACK_ALLOC), now_ns);
	print_track("Freed", get_track(s, object, TRACK_FREE), now_ns);
}

static void print_slab_info(const struct page *page)
{
	pr_err("INFO: Slab %p objects=%u used=%u fp=%p flags=%#lx\n",
	       (void *)page, page->objects, page->inuse, page->freelist,
	       page->flags);
}

/* Everything known about the object: tracks, slab, hex dumps, a backtrace. */
static void print_trailer(struct kmem_cache *s, struct page *page, u8 *p)
{
	u8 *addr = slab_address(page);
	unsigned int off = get_info_end(s);

	print_tracking(s, p);
	print_slab_info(page);
	pr_err("INFO: Object %p @offset=%lu fp=%p\n", (void *)p,
	       (unsigned long)(p - addr), get_freepointer(s, p));
	if (s->object_size > SLUB_DUMP_MAX)
		pr_err("INFO: first %u of the object's %u bytes:\n",
		       SLUB_DUMP_MAX, s->object_size);
	print_section("Object   ", p, min(s->object_size, (unsigned int)SLUB_DUMP_MAX));
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p + s->object_size, s->inuse - s->object_size);
	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	if (off != s->size)
		print_section("Padding  ", p + off, s->size - off);
	dump_stack();
}

static void object_err(struct kmem_cache *s, struct page *page, void *object,
		       const char *reason)
{
	slab_bug(s, "%s", reason);
	print_trailer(s, page, object);
}

/* ---- checks ------------------------------------------------------------- */

/* The first byte in [start, start + bytes) that is not c, or NULL. */
static u8 *memchr_inv(u8 *start, u8 c, unsigned int bytes)
{
	for (unsigned int i = 0; i < bytes; i++)
		if (start[i] != c)
			return start + i;
	return NULL;
}

/* Report and restore any byte of [start, start + bytes) that is not value. */
static bool check_bytes_and_report(struct kmem_cache *s, struct page *page,
				   u8 *object, const char *what, u8 *start,
				   u8 value, unsigned int bytes)
{
	u8 *fault = memchr_inv(start, value, bytes), *end = start + bytes;

	if (!fault)
		return true;
	while (end > fault && end[-1] == value)
		end--;
	slab_bug(s, "%s overwritten", what);
	pr_err("INFO: %p-%p @offset=%lu. First byte 0x%02x instead of 0x%02x\n",
	       (void *)fault, (void *)(end - 1), (unsigned long)(fault - object),
	       fault[0], value);
	print_trailer(s, page, object);
	slab_fix(s, "Restoring %s %p-%p=0x%02x", what, (void *)fault,
		 (void *)(end - 1), value);
	memset(fault, value, (size_t)(end - fault));
	return false;
}

static bool check_pad_bytes(struct kmem_cache *s, struct page *page, u8 *p)
{
	unsigned int off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	return check_bytes_and_report(s, page, p, "Object padding", p + off,
				      POISON_INUSE, s->size - off);
}

/* Is object NULL or the start of an object of this slab? */
static bool check_valid_pointer(struct kmem_cache *s, struct page *page,
				void *object)
{
	u8 *base = slab_address(page);
	unsigned long off = (unsigned long)((u8 *)object - base);

	if (!object)
		return true;
	return (u8 *)object >= base && off / s->size < page->objects &&
	       off % s->size == 0;
}

/* Linux's check_object(): val is the state the object should be in. */
static bool check_object(struct kmem_cache *s, struct page *page, void *object,
			 u8 val)
{
	u8 *p = object, *endobject = p + s->object_size;
	bool ok = true;

	if (s->flags & SLAB_RED_ZONE)
		ok &= check_bytes_and_report(s, page, p, "Redzone", endobject,
					     val, s->inuse - s->object_size);
	else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse)
		ok &= check_bytes_and_report(s, page, p, "Alignment padding",
					     endobject, POISON_INUSE,
					     s->inuse - s->object_size);
	if ((s->flags & __OBJECT_POISON) && val == SLUB_RED_INACTIVE) {
		ok &= check_bytes_and_report(s, page, p, "Poison", p,
					     POISON_FREE, s->object_size - 1);
		ok &= check_bytes_and_report(s, page, p, "End Poison",
					     endobject - 1, POISON_END, 1);
	}
	if (s->flags & SLAB_POISON)
		ok &= check_pad_bytes(s, page, p);
	return ok;
}

/* F: the free pointer of a free object; a bad one cuts the freelist there. */
static bool check_freepointer(struct kmem_cache *s, struct page *page,
			      void *object)
{
	if (!(s->flags & SLAB_CONSISTENCY_CHECKS) ||
	    check_valid_pointer(s, page, get_freepointer(s, object)))
		return true;
	object_err(s, page, object, "Freepointer corrupt");
	slab_fix(s, "Isolating the rest of the freelist");
	set_freepointer(s, object, NULL);
	return false;
}

static bool check_slab(struct kmem_cache *s, struct page *page)
{
	if (!PageSlab(page) || page->slab_cache != s)
		slab_bug(s, "Not a valid slab page");
	else if (page->objects != s->objects)
		slab_bug(s, "Wrong number of objects. Found %u but should be %u",
			 page->objects, s->objects);
	else if (page->inuse > page->objects)
		slab_bug(s, "inuse %u > max %u", page->inuse, page->objects);
	else
		return true;
	print_slab_info(page);
	dump_stack();
	return false;
}

/* F: is search on the slab's freelist?  (Linux: on_freelist().) */
static bool on_freelist(struct kmem_cache *s, struct page *page, void *search)
{
	void *fp = page->freelist;

	for (unsigned int n = 0; fp && n <= page->objects; n++) {
		if (fp == search)
			return true;
		if (!check_freepointer(s, page, fp))
			return false;
		fp = get_freepointer(s, fp);
	}
	return false;
}

/* Already free: on the freelist (F), or its red zone says so (Z). */
static bool object_already_free(struct kmem_cache *s, struct page *page,
				void *object)
{
	u8 *redzone = (u8 *)object + s->object_size;

	if (object == page->freelist)
		return true;
	if (s->flags & SLAB_CONSISTENCY_CHECKS)
		return on_freelist(s, page, object);
	return (s->flags & SLAB_RED_ZONE) &&
	       !memchr_inv(redzone, SLUB_RED_INACTIVE, s->inuse - s->object_size);
}

bool alloc_debug_processing(struct kmem_cache *s, struct page *page,
			    void *object, unsigned long caller)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(s, page))
			goto bad;
		if (!check_valid_pointer(s, page, object)) {
			object_err(s, page, object, "Freelist Pointer check fails");
			goto bad;
		}
	}
	check_object(s, page, object, SLUB_RED_INACTIVE);
	if (!check_freepointer(s, page, object))
		goto bad;
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_ALLOC, caller);
	init_object(s, object, SLUB_RED_ACTIVE);
	return true;
bad:
	slab_fix(s, "Marking all objects used");
	return false;
}

bool free_debug_processing(struct kmem_cache *s, struct page *page,
			   void *object, unsigned long caller)
{
	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && !check_slab(s, page))
		goto refuse;
	if (object_already_free(s, page, object)) {
		object_err(s, page, object, "Object already free");
		goto refuse;
	}
	check_object(s, page, object, SLUB_RED_ACTIVE);
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_FREE, caller);
	init_object(s, object, SLUB_RED_INACTIVE);
	return true;
refuse:
	nr_slab_bad_frees++;
	slab_fix(s, "Object at %p not freed", object);
	return false;
}

/* P: the slab's tail after its last object still reads POISON_INUSE. */
void slab_pad_check(struct kmem_cache *s, struct page *page)
{
	u8 *start = slab_address(page);
	u8 *pad = start + s->objects * s->size, *end = start + (PAGE_SIZE << s->order);
	u8 *fault;

	if (!(s->flags & SLAB_POISON) || pad == end)
		return;
	fault = memchr_inv(pad, POISON_INUSE, (unsigned int)(end - pad));
	if (!fault)
		return;
	slab_bug(s, "Padding overwritten. %p-%p @offset=%lu", (void *)fault,
		 (void *)(end - 1), (unsigned long)(fault - start));
	print_section("Padding  ", pad, (unsigned int)(end - pad));
	slab_fix(s, "Restoring Padding %p-%p=0x%02x", (void *)fault,
		 (void *)(end - 1), POISON_INUSE);
	memset(fault, POISON_INUSE, (size_t)(end - fault));
}

/*
 * A free mm/slub.c refused before reaching a slab: wrong cache, not an
 * object's start, not a slab page at all.  Linux words these "Invalid
 * object pointer", "Wrong slab cache", "outside of slab"; reason says
 * which, in words a reader of kfree()'s contract knows.
 */
void slub_report_bad_free(struct kmem_cache *s, struct page *page,
			  const void *x, const char *reason, unsigned long caller)
{
	char sym[KSYM_NAME_LEN + 40];

	sprint_symbol(sym, sizeof(sym), caller);
	slab_bug(s, "Invalid free of %p: %s", x, reason);
	pr_err("INFO: freed by %s\n", sym);
	if (page && page->slab_cache != s)
		pr_err("INFO: the object is in cache %s\n", page->slab_cache->name);
	if (page)
		print_slab_info(page);
	dump_stack();
	slab_fix(s, "Object at %p not freed", x);
}
