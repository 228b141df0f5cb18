/*
 * tests/kernel/test_pipe.c - ktests for the pipe ring (fs/pipe.c):
 * filling to capacity, POSIX's atomic writes of PIPE_BUF bytes or less,
 * EOF once the last writer is gone, EPIPE once the last reader is, and
 * sleeping readers and writers woken by the other side (a kernel thread).
 *
 * Most tests build a pipe the way pipe(2) does, minus the VFS, so that
 * they can give it any number of ends: one bare inode holding the
 * pipe_inode_info and a struct file for each end with pipefifo_fops; an
 * end is closed by calling its release(), as the last fput() does.  The
 * last two make real pipes with create_pipe_files() on pipefs and check
 * the ends and that closing them (and failing to make them) leaks
 * nothing.  User memory comes from ktest_util.h.
 */
#include <mneme/err.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/pipe_fs_i.h>
#include <mneme/sched.h>
#include <mneme/slab.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#include "ktest_util.h"

#define UBASE		KTEST_USER_BASE
#define UPTR(addr)	KTEST_UPTR(addr)
#define FIONREAD	0x541B
#define PIPE_CAPACITY	(PIPE_DEF_BUFFERS * PAGE_SIZE)
#define MAX_ENDS	3

/* ---- a pipe without the VFS ----------------------------------------------------- */

struct test_pipe {
	struct inode *inode;
	struct file *end[MAX_ENDS];	/* [0] reads, the others write */
	int nr_ends;
};

static struct file *test_pipe_add_end(struct test_pipe *tp, unsigned int mode,
				      unsigned int flags)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);
	struct pipe_inode_info *pipe = tp->inode->i_pipe;

	if (!f)
		return NULL;
	f->f_inode = tp->inode;
	f->f_op = &pipefifo_fops;
	f->f_mode = mode;
	f->f_flags = flags;
	f->private_data = pipe;
	pipe->readers += !!(mode & FMODE_READ);
	pipe->writers += !!(mode & FMODE_WRITE);
	pipe->files++;
	tp->end[tp->nr_ends++] = f;
	return f;
}

/* A pipe with one reader and writers write ends, all with flags. */
static bool test_pipe_open(struct test_pipe *tp, int writers, unsigned int flags)
{
	memset(tp, 0, sizeof(*tp));
	tp->inode = kzalloc(sizeof(*tp->inode), GFP_KERNEL);
	if (!tp->inode)
		return false;
	tp->inode->i_pipe = alloc_pipe_info();
	if (!tp->inode->i_pipe)
		goto out_inode;
	if (!test_pipe_add_end(tp, FMODE_READ, O_RDONLY | flags))
		goto out_close;
	while (writers--)
		if (!test_pipe_add_end(tp, FMODE_WRITE, O_WRONLY | flags))
			goto out_close;
	return true;

out_close:
	for (int i = 0; i < tp->nr_ends; i++) {
		tp->end[i]->f_op->release(tp->inode, tp->end[i]);
		kfree(tp->end[i]);
	}
	if (tp->inode->i_pipe)
		free_pipe_info(tp->inode->i_pipe);
out_inode:
	kfree(tp->inode);
	return false;
}

/* Close one end (idempotent); the last close frees the pipe. */
static void test_pipe_close(struct test_pipe *tp, int i)
{
	if (!tp->end[i])
		return;
	tp->end[i]->f_op->release(tp->inode, tp->end[i]);
	kfree(tp->end[i]);
	tp->end[i] = NULL;
}

static void test_pipe_close_all(struct test_pipe *tp)
{
	for (int i = 0; i < tp->nr_ends; i++)
		test_pipe_close(tp, i);
	kfree(tp->inode);
}

static ssize_t pread(struct test_pipe *tp, unsigned long uaddr, size_t n)
{
	return pipefifo_fops.read(tp->end[0], UPTR(uaddr), n, NULL);
}

static ssize_t pwrite(struct test_pipe *tp, int end, unsigned long uaddr, size_t n)
{
	return pipefifo_fops.write(tp->end[end], UPTR(uaddr), n, NULL);
}

/* FIONREAD through the ioctl, into user memory. */
static long fionread(struct test_pipe *tp, struct ktest_user *u)
{
	unsigned long at = KTEST_USER_END - sizeof(int);
	long ret = pipefifo_fops.unlocked_ioctl(tp->end[0], FIONREAD, at);
	int n;

	if (ret)
		return ret;
	memcpy(&n, ktest_user_byte(u, at), sizeof(n));
	return n;
}

static void fill_pattern(struct ktest_user *u, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		*ktest_user_byte(u, UBASE + i) = (u8)(seed + i * 7);
}

static bool check_pattern(struct ktest_user *u, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		if (*ktest_user_byte(u, UBASE + i) != (u8)(seed + i * 7))
			return false;
	return true;
}

/* ---- the tests ----------------------------------------------------------------------------- */

KTEST(pipe, fills_to_sixteen_pages_then_eagain_and_reads_back_in_order)
{
	struct ktest_user u;
	struct test_pipe tp;
	int writes = 0;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_pipe_open(&tp, 1, O_NONBLOCK));
	for (;;) {
		ssize_t n;

		fill_pattern(&u, PAGE_SIZE, (unsigned int)writes);
		n = pwrite(&tp, 1, UBASE, PAGE_SIZE);
		if (n != (ssize_t)PAGE_SIZE) {
			KT_EXPECT_EQ(kt, n, -EAGAIN);
			break;
		}
		if (++writes > PIPE_DEF_BUFFERS)
			break;
	}
	KT_EXPECT_EQ(kt, writes, PIPE_DEF_BUFFERS);
	KT_EXPECT_EQ(kt, fionread(&tp, &u), PIPE_CAPACITY);
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, 1), -EAGAIN);	/* not even one byte */
	for (int i = 0; i < writes; i++) {
		KT_EXPECT_EQ(kt, pread(&tp, UBASE, PAGE_SIZE), PAGE_SIZE);
		KT_EXPECT_TRUE(kt, check_pattern(&u, PAGE_SIZE, (unsigned int)i));
	}
	KT_EXPECT_EQ(kt, fionread(&tp, &u), 0);
	KT_EXPECT_EQ(kt, pread(&tp, UBASE, 1), -EAGAIN);	/* empty, writer still there */
	test_pipe_close_all(&tp);
	ktest_unmap_user(&u);
}

/*
 * A full ring whose newest page has 96 bytes of room: a 200-byte write
 * (<= PIPE_BUF) must not put 96 bytes there and wait with the rest; it
 * is refused whole.  96 bytes fit exactly.  Once a page is read, the
 * 200 bytes go whole into a new page.
 */
KTEST(pipe, writes_up_to_pipe_buf_are_never_split)
{
	const size_t almost = PAGE_SIZE - 96;
	struct ktest_user u;
	struct test_pipe tp;
	long queued = 0;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_pipe_open(&tp, 1, O_NONBLOCK));
	for (int i = 0; i < PIPE_DEF_BUFFERS - 1; i++)
		queued += pwrite(&tp, 1, UBASE, PAGE_SIZE);
	queued += pwrite(&tp, 1, UBASE, almost);
	KT_EXPECT_EQ(kt, queued, PIPE_CAPACITY - 96);
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, 200), -EAGAIN);
	KT_EXPECT_EQ(kt, fionread(&tp, &u), queued);		/* nothing went in */
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, PIPE_BUF), -EAGAIN);
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, 96), 96);	/* fits the room exactly */
	queued += 96;
	KT_EXPECT_EQ(kt, pread(&tp, UBASE, PAGE_SIZE), PAGE_SIZE);
	queued -= PAGE_SIZE;
	fill_pattern(&u, 200, 99);
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, 200), 200);
	KT_EXPECT_EQ(kt, fionread(&tp, &u), queued + 200);
	for (long left = queued; left > 0; left -= PAGE_SIZE)
		KT_EXPECT_EQ(kt, pread(&tp, UBASE, PAGE_SIZE), min(left, (long)PAGE_SIZE));
	KT_EXPECT_EQ(kt, pread(&tp, UBASE, PAGE_SIZE), 200);	/* one piece, at the end */
	KT_EXPECT_TRUE(kt, check_pattern(&u, 200, 99));
	test_pipe_close_all(&tp);
	ktest_unmap_user(&u);
}

KTEST(pipe, eof_only_after_the_last_writer_closes)
{
	struct ktest_user u;
	struct test_pipe tp;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_pipe_open(&tp, 2, O_NONBLOCK));
	fill_pattern(&u, 10, 5);
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, 10), 10);
	test_pipe_close(&tp, 1);
	KT_EXPECT_EQ(kt, pread(&tp, UBASE, 100), 10);	/* what there is, not 100 */
	KT_EXPECT_EQ(kt, pread(&tp, UBASE, 100), -EAGAIN);	/* a writer is left */
	test_pipe_close(&tp, 2);
	KT_EXPECT_EQ(kt, pread(&tp, UBASE, 100), 0);	/* EOF */
	KT_EXPECT_EQ(kt, pread(&tp, UBASE, 100), 0);
	test_pipe_close_all(&tp);
	ktest_unmap_user(&u);
}

KTEST(pipe, write_with_no_reader_is_epipe)
{
	struct ktest_user u;
	struct test_pipe tp;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_pipe_open(&tp, 1, 0));
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, 10), 10);
	test_pipe_close(&tp, 0);
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, 10), -EPIPE);
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, PIPE_CAPACITY * 2), -EPIPE);	/* no sleep */
	test_pipe_close_all(&tp);
	ktest_unmap_user(&u);
}

KTEST(pipe, bad_user_pointers_give_efault_and_lose_nothing)
{
	struct ktest_user u;
	struct test_pipe tp;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_pipe_open(&tp, 1, O_NONBLOCK));
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, KTEST_USER_END, 10), -EFAULT);
	KT_EXPECT_EQ(kt, fionread(&tp, &u), 0);
	fill_pattern(&u, 10, 1);
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, 10), 10);
	KT_EXPECT_EQ(kt, pread(&tp, KTEST_USER_END, 10), -EFAULT);
	KT_EXPECT_EQ(kt, fionread(&tp, &u), 10);		/* still there */
	KT_EXPECT_EQ(kt, pipefifo_fops.unlocked_ioctl(tp.end[0], 0x5401, UBASE), -ENOTTY);
	test_pipe_close_all(&tp);
	ktest_unmap_user(&u);
}

/* ---- sleeping: the other side is a kernel thread ------------------------------------------------ */

struct drain_arg {
	struct test_pipe *tp;
	struct ktest_user *u;
	size_t bytes;			/* read until EOF */
	bool pattern_ok;
};

#define WRITE_CHUNK	(2 * PAGE_SIZE)	/* the writer's buffer: the first two user pages */

/* Read until EOF in odd-sized pieces, checking the byte stream. */
static int drain_thread(void *data)
{
	struct drain_arg *a = data;
	unsigned long buf = UBASE + WRITE_CHUNK;
	ssize_t n;

	a->pattern_ok = true;
	while ((n = pread(a->tp, buf, 1000)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			size_t at = (a->bytes + (size_t)i) % WRITE_CHUNK;

			if (*ktest_user_byte(a->u, buf + (size_t)i) != (u8)(at * 7))
				a->pattern_ok = false;
		}
		a->bytes += (size_t)n;
	}
	return n == 0 ? 0 : 1;
}

/*
 * 256 KiB through a 64 KiB pipe: the writer must sleep while the ring
 * is full and be woken by the reader; the reader sleeps on an empty
 * pipe and sees EOF when the writer closes.
 */
KTEST(pipe, blocked_writer_and_reader_wake_each_other)
{
	struct drain_arg a = { 0 };
	struct ktest_user u;
	struct test_pipe tp;
	size_t written = 0;
	int pid, status = -1;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_pipe_open(&tp, 1, 0));
	a.tp = &tp;
	a.u = &u;
	fill_pattern(&u, WRITE_CHUNK, 0);
	pid = kernel_thread(drain_thread, &a, "pipe-drain");
	KT_ASSERT_TRUE(kt, pid > 0);
	while (written < 4 * PIPE_CAPACITY) {
		ssize_t n = pwrite(&tp, 1, UBASE, WRITE_CHUNK);

		if (n <= 0)
			break;
		written += (size_t)n;
	}
	KT_EXPECT_EQ(kt, written, 4 * PIPE_CAPACITY);
	test_pipe_close(&tp, 1);			/* EOF for the reader */
	KT_EXPECT_EQ(kt, kernel_wait(pid, &status), pid);
	KT_EXPECT_EQ(kt, status, 0);
	KT_EXPECT_EQ(kt, a.bytes, written);
	KT_EXPECT_TRUE(kt, a.pattern_ok);
	test_pipe_close_all(&tp);
	ktest_unmap_user(&u);
}

static int close_reader_thread(void *data)
{
	test_pipe_close(data, 0);
	return 0;
}

/* A writer asleep on a full pipe gets EPIPE when the last reader closes. */
KTEST(pipe, sleeping_writer_gets_epipe_when_the_reader_closes)
{
	struct ktest_user u;
	struct test_pipe tp;
	int pid, status = -1;

	KT_ASSERT_TRUE(kt, ktest_map_user(&u));
	KT_ASSERT_TRUE(kt, test_pipe_open(&tp, 1, 0));
	for (int i = 0; i < PIPE_DEF_BUFFERS; i++)
		KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, PAGE_SIZE), PAGE_SIZE);
	pid = kernel_thread(close_reader_thread, &tp, "pipe-close");
	KT_ASSERT_TRUE(kt, pid > 0);
	KT_EXPECT_EQ(kt, pwrite(&tp, 1, UBASE, PAGE_SIZE), -EPIPE);	/* slept, then woke */
	KT_EXPECT_EQ(kt, kernel_wait(pid, &status), pid);
	test_pipe_close_all(&tp);
	ktest_unmap_user(&u);
}

/* ---- real pipes on pipefs ----------------------------------------------------------------------- */

KTEST(pipe, create_pipe_files_makes_a_read_end_and_a_write_end_on_pipefs)
{
	struct ktest_mem_snapshot before;
	struct file *f[2];
	struct pipe_inode_info *pipe;

	ktest_mem_snapshot(&before);
	KT_ASSERT_EQ(kt, create_pipe_files(f, O_NONBLOCK), 0);
	KT_EXPECT_TRUE(kt, f[0]->f_inode == f[1]->f_inode);
	KT_EXPECT_TRUE(kt, S_ISFIFO(f[0]->f_inode->i_mode));
	KT_EXPECT_EQ(kt, f[0]->f_mode, FMODE_READ);
	KT_EXPECT_EQ(kt, f[1]->f_mode, FMODE_WRITE);
	KT_EXPECT_EQ(kt, f[0]->f_flags, O_RDONLY | O_NONBLOCK);
	KT_EXPECT_EQ(kt, f[1]->f_flags, O_WRONLY | O_NONBLOCK);
	KT_EXPECT_STREQ(kt, f[0]->f_inode->i_sb->s_type->name, "pipefs");
	pipe = f[0]->f_inode->i_pipe;
	KT_ASSERT_TRUE(kt, pipe && f[0]->private_data == pipe && f[1]->private_data == pipe);
	KT_EXPECT_EQ(kt, pipe->readers, 1);
	KT_EXPECT_EQ(kt, pipe->writers, 1);
	fput(f[0]);
	KT_EXPECT_EQ(kt, pipe->readers, 0);		/* the pipe lives on with its writer */
	KT_EXPECT_EQ(kt, pipe->writers, 1);
	fput(f[1]);
	ktest_expect_no_leak(kt, &before);
}

/*
 * Half the page allocations failing while 200 pipes are kept open (so
 * the slab caches must grow): each pipe is made whole or not at all,
 * and closing them all gives every page and object back.
 */
KTEST(pipe, create_pipe_files_under_allocation_failure_leaks_nothing)
{
	enum { NR_PIPES = 200 };
	struct ktest_mem_snapshot before;
	struct file *(*f)[2];
	int made = 0, failed = 0;

	ktest_mem_snapshot(&before);
	f = kcalloc(NR_PIPES, sizeof(*f), GFP_KERNEL);
	KT_ASSERT_TRUE(kt, f != NULL);
	fail_page_alloc_setup("50");
	for (int i = 0; i < NR_PIPES; i++) {
		int err = create_pipe_files(f[made], 0);

		if (!err)
			made++;
		else
			failed += err == -ENFILE || err == -ENOMEM;
	}
	ktest_restore_fail_page_alloc();
	KT_EXPECT_EQ(kt, made + failed, NR_PIPES);	/* only -ENFILE or -ENOMEM */
	KT_EXPECT_GT(kt, made, 0);
	KT_EXPECT_GT(kt, failed, 0);
	for (int i = 0; i < made; i++) {
		KT_EXPECT_EQ(kt, f[i][0]->f_inode->i_pipe->files, 2);
		fput(f[i][0]);
		fput(f[i][1]);
	}
	kfree(f);
	ktest_expect_no_leak(kt, &before);
}
