/*
 * fs/file.c - per-process file descriptors (struct files_struct) and the
 * root, cwd and umask (struct fs_struct): see <mneme/fdtable.h>.
 *
 * files->fd[] has NR_OPEN_DEFAULT (1024) slots, each NULL or holding one
 * reference on a struct file; a slot reserved by alloc_fd() but not yet
 * filled holds RESERVED_FD, so that no one else takes it while the file
 * is being opened.  next_fd is a hint: no slot below it is free.
 * Linux grows the table on demand up to RLIMIT_NOFILE; ours is fixed at
 * that limit's default, 8 KiB of pointers per process.
 * Locking: none (one CPU; only current changes its own table).
 * Linux: fs/file.c, fs/fs_struct.c.
 */
#include <mneme/err.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include "internal.h"

#define RESERVED_FD	((struct file *)1)
#define DEFAULT_UMASK	0022

static struct files_struct *alloc_files(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	files->fd = kcalloc(NR_OPEN_DEFAULT, sizeof(struct file *), GFP_KERNEL);
	if (!files->fd) {
		kfree(files);
		return NULL;
	}
	files->count = 1;
	return files;
}

static void free_files(struct files_struct *files)
{
	kfree(files->fd);
	kfree(files);
}

static struct file *fd_file(struct files_struct *files, unsigned int fd)
{
	struct file *file;

	if (!files || fd >= NR_OPEN_DEFAULT)
		return NULL;
	file = files->fd[fd];
	return file == RESERVED_FD ? NULL : file;
}

struct file *fget(unsigned int fd)
{
	return get_file(fd_file(current->files, fd));
}

static void __set_close_on_exec(struct files_struct *files, unsigned int fd, bool on)
{
	unsigned long bit = 1UL << (fd % BITS_PER_LONG);

	if (on)
		files->close_on_exec[fd / BITS_PER_LONG] |= bit;
	else
		files->close_on_exec[fd / BITS_PER_LONG] &= ~bit;
}

bool get_close_on_exec(unsigned int fd)
{
	struct files_struct *files = current->files;

	return files->close_on_exec[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

void set_close_on_exec(unsigned int fd, bool on)
{
	__set_close_on_exec(current->files, fd, on);
}

int alloc_fd(unsigned int start, unsigned int flags)
{
	struct files_struct *files = current->files;
	unsigned int fd;

	if (!files)
		return -EMFILE;
	for (fd = max(start, (unsigned int)files->next_fd); fd < NR_OPEN_DEFAULT; fd++)
		if (!files->fd[fd])
			break;
	if (fd >= NR_OPEN_DEFAULT)
		return -EMFILE;
	files->fd[fd] = RESERVED_FD;
	if (start <= (unsigned int)files->next_fd)
		files->next_fd = (int)fd + 1;
	__set_close_on_exec(files, fd, flags & O_CLOEXEC);
	return (int)fd;
}

int get_unused_fd_flags(unsigned int flags)
{
	return alloc_fd(0, flags);
}

static void __put_unused_fd(struct files_struct *files, unsigned int fd)
{
	files->fd[fd] = NULL;
	if ((int)fd < files->next_fd)
		files->next_fd = (int)fd;
}

void put_unused_fd(unsigned int fd)
{
	__put_unused_fd(current->files, fd);
}

void fd_install(unsigned int fd, struct file *file)
{
	BUG_ON(current->files->fd[fd] != RESERVED_FD);
	current->files->fd[fd] = file;
}

int close_fd(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *file = fd_file(files, fd);

	if (!file)
		return -EBADF;
	__put_unused_fd(files, fd);
	__set_close_on_exec(files, fd, false);
	fput(file);
	return 0;
}

/* dup2/dup3/F_DUPFD's install: fd now holds (a reference on) file. */
int replace_fd(unsigned int fd, struct file *file, unsigned int flags)
{
	struct files_struct *files = current->files;
	struct file *old;

	if (fd >= NR_OPEN_DEFAULT)
		return -EBADF;
	old = files->fd[fd];
	if (old == RESERVED_FD)
		return -EBUSY;		/* being opened (Linux: the same) */
	files->fd[fd] = get_file(file);
	__set_close_on_exec(files, fd, flags & O_CLOEXEC);
	if (old)
		fput(old);
	return (int)fd;
}

/* ---- fork, exec, exit ------------------------------------------------------ */

int copy_files(struct task_struct *p)
{
	struct files_struct *old = current->files, *new;

	if (!old)
		return 0;
	new = alloc_files();
	if (!new)
		return -ENOMEM;
	for (int fd = 0; fd < NR_OPEN_DEFAULT; fd++)
		new->fd[fd] = get_file(fd_file(old, fd));
	memcpy(new->close_on_exec, old->close_on_exec, sizeof(new->close_on_exec));
	new->next_fd = 0;
	p->files = new;
	return 0;
}

static struct fs_struct *alloc_fs(struct dentry *root, struct dentry *pwd, umode_t umask)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->users = 1;
	fs->root = dget(root);
	fs->pwd = dget(pwd);
	root->d_sb->s_users++;
	pwd->d_sb->s_users++;
	fs->umask = umask;
	return fs;
}

int copy_fs(struct task_struct *p)
{
	struct fs_struct *old = current->fs;

	if (!old)
		return 0;
	p->fs = alloc_fs(old->root, old->pwd, old->umask);
	return p->fs ? 0 : -ENOMEM;
}

void do_close_on_exec(struct files_struct *files)
{
	for (unsigned int fd = 0; files && fd < NR_OPEN_DEFAULT; fd++)
		if ((files->close_on_exec[fd / BITS_PER_LONG] >> (fd % BITS_PER_LONG)) & 1)
			close_fd(fd);
}

void exit_files(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files;

	if (!files)
		return;
	tsk->files = NULL;
	if (--files->count)
		return;
	for (int fd = 0; fd < NR_OPEN_DEFAULT; fd++) {
		struct file *file = fd_file(files, fd);

		if (file)
			fput(file);
	}
	free_files(files);
}

void exit_fs(struct task_struct *tsk)
{
	struct fs_struct *fs = tsk->fs;

	if (!fs)
		return;
	tsk->fs = NULL;
	if (--fs->users)
		return;
	fs->root->d_sb->s_users--;
	fs->pwd->d_sb->s_users--;
	dput(fs->root);
	dput(fs->pwd);
	kfree(fs);
}

int init_task_files(void)
{
	struct dentry *root = rootfs_root();

	if (!root)
		return -ENOENT;
	if (!current->fs) {
		current->fs = alloc_fs(root, root, DEFAULT_UMASK);
		if (!current->fs)
			return -ENOMEM;
	}
	if (!current->files) {
		current->files = alloc_files();
		if (!current->files)
			return -ENOMEM;
	}
	return 0;
}

umode_t current_umask(void)
{
	return current->fs ? current->fs->umask : 0;
}

void set_fs_pwd(struct fs_struct *fs, struct dentry *dentry)
{
	struct dentry *old = fs->pwd;

	fs->pwd = dget(dentry);
	dentry->d_sb->s_users++;
	old->d_sb->s_users--;
	dput(old);
}
