/*
 * fs/dcache.c - dentries: the tree of names that path lookup walks.
 *
 * A dentry is one name in one directory.  It points at its inode (the
 * dentry holds one inode reference) or at nothing (a negative dentry:
 * "this name does not exist", made by a lookup that missed).  Children
 * hang on their parent's d_subdirs list through d_child and each holds a
 * reference on the parent, so a parent outlives its children.
 *
 * Lifetime: d_count counts open files, cwds and roots, mounts, children
 * and lookups in progress.  When it drops to 0 the dentry is freed at
 * once, negative or not: this dcache caches nothing by itself.  A
 * filesystem that keeps its tree in memory (ramfs) pins each positive
 * dentry with one extra reference and drops it on unlink, as Linux's
 * ramfs does; a filesystem with a disk would rebuild dentries through
 * ->lookup.  Linux keeps unused dentries on an LRU instead and frees
 * them under memory pressure.
 *
 * Unlink and rmdir d_delete() a dentry: it is taken out of its parent's
 * list (unhashed), so no lookup finds it again, but it keeps its inode
 * until the last open file lets go of it; the inode is then evicted with
 * its pages (fs/inode.c).  Linux turns a dentry nobody else uses negative
 * instead of unhashing it, to cache the miss.
 *
 * Locking: none; one CPU and no preemption inside the kernel (see
 * <mneme/sched.h>), and no dcache operation sleeps.
 * Linux: fs/dcache.c, include/linux/dcache.h.
 */
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include "internal.h"

#define DCACHE_UNHASHED	0x1	/* not on its parent's list any more */

static struct kmem_cache *dentry_cache;
static unsigned long nr_dentries;

void dcache_init(void)
{
	dentry_cache = kmem_cache_create("dentry", sizeof(struct dentry), 8, 0, NULL);
	if (!dentry_cache)
		panic("no memory for the dentry cache");
}

static struct dentry *__d_alloc(struct super_block *sb, const char *name, int len)
{
	struct dentry *dentry;

	if (len > NAME_MAX)
		return NULL;
	dentry = kmem_cache_zalloc(dentry_cache, GFP_KERNEL);
	if (!dentry)
		return NULL;
	memcpy(dentry->d_name, name, len);
	dentry->d_name[len] = '\0';
	dentry->d_count = 1;
	dentry->d_sb = sb;
	dentry->d_parent = dentry;
	INIT_LIST_HEAD(&dentry->d_child);
	INIT_LIST_HEAD(&dentry->d_subdirs);
	nr_dentries++;
	return dentry;
}

/* A new negative child of parent named name[0..len), referenced; NULL: no memory. */
struct dentry *d_alloc(struct dentry *parent, const char *name, int len)
{
	struct dentry *dentry = __d_alloc(parent->d_sb, name, len);

	if (!dentry)
		return NULL;
	dentry->d_parent = dget(parent);
	list_add_tail(&dentry->d_child, &parent->d_subdirs);
	return dentry;
}

/* The root dentry of a new superblock: its own parent, named "/". */
struct dentry *d_make_root(struct inode *root_inode)
{
	struct dentry *dentry;

	if (!root_inode)
		return NULL;
	dentry = __d_alloc(root_inode->i_sb, "/", 1);
	if (!dentry) {
		iput(root_inode);
		return NULL;
	}
	dentry->d_inode = root_inode;
	return dentry;
}

void d_instantiate(struct dentry *dentry, struct inode *inode)
{
	BUG_ON(dentry->d_inode);
	dentry->d_inode = inode;
}

void d_add(struct dentry *dentry, struct inode *inode)
{
	if (inode)
		d_instantiate(dentry, inode);
}

/* The child of parent named name[0..len), referenced, or NULL. */
struct dentry *d_lookup(struct dentry *parent, const char *name, int len)
{
	struct dentry *d;

	list_for_each_entry(d, &parent->d_subdirs, d_child)
		if (!strncmp(d->d_name, name, len) && d->d_name[len] == '\0')
			return dget(d);
	return NULL;
}

struct dentry *dget(struct dentry *dentry)
{
	if (dentry)
		dentry->d_count++;
	return dentry;
}

/* Take dentry off its parent's list: lookups no longer find it. */
void d_drop(struct dentry *dentry)
{
	if (dentry->d_flags & DCACHE_UNHASHED || dentry->d_parent == dentry)
		return;
	list_del_init(&dentry->d_child);
	dentry->d_flags |= DCACHE_UNHASHED;
}

/* Free a dentry whose count reached 0; returns its parent's ref to drop. */
static struct dentry *dentry_kill(struct dentry *dentry)
{
	struct dentry *parent = dentry->d_parent;

	BUG_ON(!list_empty(&dentry->d_subdirs));
	d_drop(dentry);
	if (dentry->d_inode)
		iput(dentry->d_inode);
	kmem_cache_free(dentry_cache, dentry);
	nr_dentries--;
	return parent == dentry ? NULL : parent;
}

/* Drop a reference; the last one frees the dentry, and so on up the tree. */
void dput(struct dentry *dentry)
{
	while (dentry) {
		BUG_ON(dentry->d_count <= 0);
		if (--dentry->d_count)
			return;
		dentry = dentry_kill(dentry);
	}
}

void d_delete(struct dentry *dentry)
{
	d_drop(dentry);
}

/*
 * rename: dentry takes target's name and place; target (negative, or
 * just unlinked by the filesystem) is unhashed.  Linux swaps the two.
 */
void d_move(struct dentry *dentry, struct dentry *target)
{
	struct dentry *old_parent = dentry->d_parent;

	d_drop(target);
	list_del_init(&dentry->d_child);
	strlcpy(dentry->d_name, target->d_name, sizeof(dentry->d_name));
	dentry->d_parent = dget(target->d_parent);
	list_add_tail(&dentry->d_child, &dentry->d_parent->d_subdirs);
	dentry->d_flags &= ~DCACHE_UNHASHED;
	dput(old_parent);
}

/* A directory with no positive children (negative ones are lookups in flight). */
bool simple_empty(struct dentry *dir)
{
	struct dentry *d;

	list_for_each_entry(d, &dir->d_subdirs, d_child)
		if (d->d_inode)
			return false;
	return true;
}

unsigned long nr_dentry(void)
{
	return nr_dentries;
}
