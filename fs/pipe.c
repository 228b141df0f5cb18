/*
 * fs/pipe.c - pipes: a ring of page buffers between the two ends of
 * pipe(2), with blocking, EOF, EPIPE and POSIX's atomic small writes.
 *
 * Data it owns: each pipe's struct pipe_inode_info (inode->i_pipe, also
 * file->private_data of both ends) and the pages in its ring; the
 * internal "pipefs" superblock whose inodes the pipes are (never
 * mounted, as in Linux: a pipe has no name in any directory).
 *
 * Invariants between calls, for every pipe:
 *   - the slots tail .. head - 1 (mod ring_size) hold one page each with
 *     len > 0 bytes from offset; the others hold no page;
 *     0 <= head - tail <= ring_size;
 *   - readers and writers count the open files with FMODE_READ and
 *     FMODE_WRITE; files counts every open file of the pipe, and the
 *     pipe (with its pages) is freed when it reaches 0;
 *   - a write of at most PIPE_BUF bytes is never split: it either goes
 *     whole into the room left in the last page, or whole into a new
 *     page; so readers never see it interleaved with another write.
 * Sleeping: a reader sleeps on rd_wait until there is data or no writer
 * (EOF); a writer on wr_wait until there is a free slot or no reader.
 * Both sleep TASK_INTERRUPTIBLE and give up with -ERESTARTSYS when a
 * signal is pending (or return what they transferred so far).  Every
 * change that could end a wait wakes the other side.
 * Locking: one CPU, and the ring is only touched between sleeps, so
 * none.  Linux takes pipe->mutex around every read and write and drops
 * it while sleeping.
 *
 * Simpler than Linux: no page kept aside for the next write (tmp_page),
 * no splice, no F_SETPIPE_SZ (the ring is always 16 pages), no FIFOs
 * (named pipes) yet, and no exclusive wake-ups.
 * Linux: fs/pipe.c.
 */
#include <mneme/err.h>
#include <mneme/fdtable.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/pipe_fs_i.h>
#include <mneme/sched.h>
#include <mneme/signal.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/uaccess.h>
#include <asm/syscall.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/signal.h>
#include <uapi/stat.h>

#define FIONREAD	0x541B	/* bytes ready to read (Linux: asm-generic/ioctls.h) */

/* ---- the ring -------------------------------------------------------------- */

static bool pipe_empty(const struct pipe_inode_info *pipe)
{
	return pipe->head == pipe->tail;
}

static bool pipe_full(const struct pipe_inode_info *pipe)
{
	return pipe->head - pipe->tail >= pipe->ring_size;
}

static struct pipe_buffer *pipe_buf(struct pipe_inode_info *pipe, unsigned int slot)
{
	return &pipe->bufs[slot % pipe->ring_size];
}

/* A reader may go on: data, or EOF. */
static bool pipe_readable(const struct pipe_inode_info *pipe)
{
	return !pipe_empty(pipe) || !pipe->writers;
}

/* A writer may go on: room, or EPIPE. */
static bool pipe_writable(const struct pipe_inode_info *pipe)
{
	return !pipe_full(pipe) || !pipe->readers;
}

unsigned int pipe_nr_bytes(const struct pipe_inode_info *pipe)
{
	unsigned int n = 0;

	for (unsigned int slot = pipe->tail; slot != pipe->head; slot++)
		n += pipe->bufs[slot % pipe->ring_size].len;
	return n;
}

struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);

	if (!pipe)
		return NULL;
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	pipe->ring_size = PIPE_DEF_BUFFERS;
	return pipe;
}

void free_pipe_info(struct pipe_inode_info *pipe)
{
	for (unsigned int slot = pipe->tail; slot != pipe->head; slot++)
		put_page(pipe_buf(pipe, slot)->page);
	kfree(pipe);
}

/*
 * Sleep on wq until ready(pipe): 0, or -ERESTARTSYS when a signal comes
 * first.  The state is set before the test, so a wake-up in between is
 * not lost (<mneme/wait.h>).  Linux: wait_event_interruptible_exclusive().
 */
static int pipe_wait(wait_queue_head_t *wq, bool (*ready)(const struct pipe_inode_info *),
		     const struct pipe_inode_info *pipe)
{
	DEFINE_WAIT(wait);
	int ret = 0;

	for (;;) {
		prepare_to_wait(wq, &wait, TASK_INTERRUPTIBLE);
		if (ready(pipe))
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(wq, &wait);
	return ret;
}

/* ---- read ------------------------------------------------------------------------ */

/*
 * Copy up to want bytes from the oldest slot to ubuf, freeing the slot
 * when it empties: bytes copied, or -EFAULT (the bytes stay in the pipe).
 */
static long pipe_read_buf(struct pipe_inode_info *pipe, char __user *ubuf, size_t want)
{
	struct pipe_buffer *buf = pipe_buf(pipe, pipe->tail);
	size_t n = min(want, (size_t)buf->len);

	if (copy_to_user(ubuf, (char *)page_address(buf->page) + buf->offset, n))
		return -EFAULT;
	buf->offset += n;
	buf->len -= n;
	if (!buf->len) {
		put_page(buf->page);
		buf->page = NULL;
		pipe->tail++;
	}
	return (long)n;
}

/*
 * Return what is there (never waiting for more once something was
 * read); on an empty pipe, 0 (EOF) when no writer is left, else wait
 * for data, or -EAGAIN with O_NONBLOCK.
 */
static ssize_t pipe_read(struct file *file, char __user *ubuf, size_t total, loff_t *pos)
{
	struct pipe_inode_info *pipe = file->private_data;
	unsigned int tail_before = pipe->tail;
	size_t done = 0;
	long ret = 0;

	(void)pos;
	while (done < total) {
		if (!pipe_empty(pipe)) {
			long n = pipe_read_buf(pipe, ubuf + done, total - done);

			if (n < 0) {
				ret = n;
				break;
			}
			done += (size_t)n;
			continue;
		}
		if (!pipe->writers || done)
			break;				/* EOF, or return what we have */
		if (file->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		ret = pipe_wait(&pipe->rd_wait, pipe_readable, pipe);
		if (ret)
			break;
	}
	if (pipe->tail != tail_before)
		wake_up(&pipe->wr_wait);		/* room for writers */
	return done ? (ssize_t)done : ret;
}

/* ---- write ------------------------------------------------------------------------ */

/*
 * A write's last total % PAGE_SIZE bytes go into the room left in the
 * newest page, but only if they all fit (POSIX atomicity: never split a
 * write of PIPE_BUF or less).  Bytes copied, 0 if it did not fit, or
 * -EFAULT.
 */
static long pipe_write_merge(struct pipe_inode_info *pipe, const char __user *ubuf,
			     size_t total)
{
	size_t chars = total & (PAGE_SIZE - 1);
	struct pipe_buffer *buf;
	unsigned long left;

	if (!chars || pipe_empty(pipe))
		return 0;
	buf = pipe_buf(pipe, pipe->head - 1);
	if (buf->offset + buf->len + chars > PAGE_SIZE)
		return 0;
	left = copy_from_user((char *)page_address(buf->page) + buf->offset + buf->len,
			      ubuf, chars);
	if (left)
		return -EFAULT;		/* as Linux: the bytes are not kept */
	buf->len += (unsigned int)chars;
	return (long)chars;
}

/*
 * Up to a page of ubuf into a new slot (the ring is not full): the bytes
 * copied (fewer than asked when the copy faulted part way; those stay in
 * the pipe), or -ENOMEM, or -EFAULT when nothing could be copied.
 */
static long pipe_write_buf(struct pipe_inode_info *pipe, const char __user *ubuf,
			   size_t want)
{
	size_t n = min(want, (size_t)PAGE_SIZE);
	struct page *page = alloc_page(GFP_USER);
	struct pipe_buffer *buf;
	unsigned long left;

	if (!page)
		return -ENOMEM;
	left = copy_from_user(page_address(page), ubuf, n);
	if (left == n) {
		put_page(page);
		return -EFAULT;
	}
	buf = pipe_buf(pipe, pipe->head++);
	buf->page = page;
	buf->offset = 0;
	buf->len = (unsigned int)(n - left);
	return (long)(n - left);
}

/* No reader: the writer gets SIGPIPE and -EPIPE (Linux: pipe_write). */
static long pipe_no_reader(void)
{
	send_sig(SIGPIPE, current);
	return -EPIPE;
}

/*
 * Fill free slots a page at a time, sleeping while the ring is full
 * (or -EAGAIN with O_NONBLOCK); -EPIPE and SIGPIPE once no reader is
 * left.  Returns the bytes written if any, else the error.
 */
static ssize_t pipe_write(struct file *file, const char __user *ubuf, size_t total,
			  loff_t *pos)
{
	struct pipe_inode_info *pipe = file->private_data;
	size_t done = 0;
	long ret = 0;

	(void)pos;
	if (!total)
		return 0;
	if (!pipe->readers)
		return pipe_no_reader();
	ret = pipe_write_merge(pipe, ubuf, total);
	if (ret > 0) {
		done = (size_t)ret;
		ret = 0;
	}
	while (!ret && done < total) {
		if (!pipe->readers) {
			ret = pipe_no_reader();
		} else if (!pipe_full(pipe)) {
			size_t want = min(total - done, (size_t)PAGE_SIZE);

			ret = pipe_write_buf(pipe, ubuf + done, want);
			if (ret > 0) {
				done += (size_t)ret;
				ret = (size_t)ret < want ? -EFAULT : 0;
			}
		} else if (file->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
		} else {
			wake_up(&pipe->rd_wait);
			ret = pipe_wait(&pipe->wr_wait, pipe_writable, pipe);
		}
	}
	if (done)
		wake_up(&pipe->rd_wait);
	return done ? (ssize_t)done : ret;
}

/* ---- the rest of the file operations -------------------------------------------------- */

static long pipe_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *pipe = file->private_data;

	if (cmd != FIONREAD)
		return -ENOTTY;
	return put_user((int)pipe_nr_bytes(pipe), (int __user *)arg);
}

/* The last close of one end wakes the other; the last of all frees the pipe. */
static int pipe_release(struct inode *inode, struct file *file)
{
	struct pipe_inode_info *pipe = inode->i_pipe;

	if (file->f_mode & FMODE_READ)
		pipe->readers--;
	if (file->f_mode & FMODE_WRITE)
		pipe->writers--;
	wake_up_all(&pipe->rd_wait);
	wake_up_all(&pipe->wr_wait);
	if (--pipe->files == 0) {
		inode->i_pipe = NULL;
		free_pipe_info(pipe);
	}
	return 0;
}

const struct file_operations pipefifo_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.unlocked_ioctl = pipe_ioctl,
	.release = pipe_release,
};

/* ---- pipefs and pipe(2) --------------------------------------------------------------- */

static struct file_system_type pipe_fs_type = { .name = "pipefs" };
static struct super_block *pipe_sb;

void pipe_init(void)
{
	struct inode *root;

	pipe_sb = sget_anon(&pipe_fs_type);
	root = pipe_sb ? new_inode(pipe_sb) : NULL;
	if (!root)
		panic("pipefs: no memory for its superblock");
	root->i_mode = S_IFDIR | 0700;
	pipe_sb->s_root = d_make_root(root);
	if (!pipe_sb->s_root)
		panic("pipefs: no memory for its root");
}

/* A pipefs inode with a fresh pipe counting one reader and one writer. */
static struct inode *get_pipe_inode(void)
{
	struct inode *inode = new_inode(pipe_sb);

	if (!inode)
		return NULL;
	inode->i_pipe = alloc_pipe_info();
	if (!inode->i_pipe) {
		iput(inode);
		return NULL;
	}
	inode->i_pipe->readers = inode->i_pipe->writers = 1;
	inode->i_pipe->files = 2;
	inode->i_mode = S_IFIFO | S_IRUSR | S_IWUSR;
	inode->i_fop = &pipefifo_fops;
	return inode;
}

/* The dentry "pipe:[ino]" under pipefs' root, holding inode (Linux's name). */
static struct dentry *pipe_dentry(struct inode *inode)
{
	char name[32];
	int len = scnprintf(name, sizeof(name), "pipe:[%lu]", inode->i_ino);
	struct dentry *dentry = d_alloc(pipe_sb->s_root, name, len);

	if (dentry)
		d_instantiate(dentry, inode);
	return dentry;
}

int create_pipe_files(struct file **res, int flags)
{
	struct inode *inode = get_pipe_inode();
	struct dentry *dentry;
	struct file *f;
	int err = -ENFILE;

	if (!inode)
		return err;
	dentry = pipe_dentry(inode);
	if (!dentry)
		goto out_inode;
	f = alloc_file(dentry, O_WRONLY | (flags & O_NONBLOCK), &pipefifo_fops);
	if (IS_ERR(f)) {
		err = (int)PTR_ERR(f);
		goto out_dentry;
	}
	f->private_data = inode->i_pipe;
	res[0] = alloc_file(dentry, O_RDONLY | (flags & O_NONBLOCK), &pipefifo_fops);
	if (IS_ERR(res[0])) {
		err = (int)PTR_ERR(res[0]);
		inode->i_pipe->readers--;	/* the read end never was */
		inode->i_pipe->files--;
		fput(f);			/* frees the pipe */
		dput(dentry);
		return err;
	}
	res[0]->private_data = inode->i_pipe;
	res[1] = f;
	dput(dentry);				/* the files hold it now */
	return 0;

out_dentry:
	free_pipe_info(inode->i_pipe);
	inode->i_pipe = NULL;
	dput(dentry);				/* and the inode with it */
	return err;
out_inode:
	free_pipe_info(inode->i_pipe);
	inode->i_pipe = NULL;
	iput(inode);
	return err;
}

/* Two descriptors for a new pipe, written to fildes[0] (read), fildes[1] (write). */
static long do_pipe2(int __user *fildes, int flags)
{
	struct file *files[2];
	int fds[2];
	long err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	fds[0] = get_unused_fd_flags((unsigned int)flags);
	if (fds[0] < 0) {
		err = fds[0];
		goto out_files;
	}
	fds[1] = get_unused_fd_flags((unsigned int)flags);
	if (fds[1] < 0) {
		err = fds[1];
		goto out_fd0;
	}
	if (copy_to_user(fildes, fds, sizeof(fds))) {
		err = -EFAULT;
		goto out_fd1;
	}
	fd_install((unsigned int)fds[0], files[0]);
	fd_install((unsigned int)fds[1], files[1]);
	return 0;

out_fd1:
	put_unused_fd((unsigned int)fds[1]);
out_fd0:
	put_unused_fd((unsigned int)fds[0]);
out_files:
	fput(files[0]);
	fput(files[1]);
	return err;
}

/* pipe(int fildes[2]) */
long sys_pipe(struct pt_regs *regs)
{
	return do_pipe2((int __user *)regs->rdi, 0);
}

/* pipe2(int fildes[2], int flags): O_CLOEXEC, O_NONBLOCK */
long sys_pipe2(struct pt_regs *regs)
{
	return do_pipe2((int __user *)regs->rdi, (int)regs->rsi);
}
