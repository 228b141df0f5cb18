/*
 * tests/kernel/test_tty.c - ktests for the console tty (drivers/tty/) and
 * the memory devices (drivers/char/mem.c), through the VFS.
 *
 * Each test opens a node of devtmpfs with filp_open(), so the path walk,
 * the char-device registry and the driver's open all take part, then
 * calls the file's read, write and ioctl as the syscalls would, with a
 * buffer in "user space" mapped by ktest_map_user() (copy_to_user()
 * refuses kernel buffers, and kernel_read() reads only regular files).  Input
 * enters through console_input_push(), the very call the serial and
 * keyboard interrupt handlers make.  Echo is turned off (through TCSETS)
 * so the log stays readable; tests/host/test_n_tty.c checks echo.
 */
#include <mneme/console_input.h>
#include <mneme/err.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/ktest.h>
#include <mneme/mm.h>
#include <mneme/sched.h>
#include <mneme/string.h>
#include <mneme/tty.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/termios.h>
#include "ktest_util.h"

#define UBUF		((char __user *)KTEST_USER_BASE)
#define USER_PAGE	KTEST_USER_BASE

static void type(const char *keys)
{
	for (; *keys; keys++)
		console_input_push(*keys);
}

static ssize_t dev_read(struct file *file, size_t count)
{
	return file->f_op->read(file, UBUF, count, &file->f_pos);
}

static ssize_t dev_write(struct file *file, size_t count)
{
	return file->f_op->write(file, UBUF, count, &file->f_pos);
}

static long dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return file->f_op->unlocked_ioctl(file, cmd, arg);
}

/* The console with echo off and nothing typed yet; its termios saved. */
struct console_fixture {
	struct file *file;
	struct ktest_user user;
	char *kva;			/* the user page, through the direct map */
	struct termios saved;
};

static bool console_setup(struct ktest_ctx *kt, struct console_fixture *fx)
{
	struct termios *tio;

	if (!KT_EXPECT_TRUE(kt, ktest_map_user(&fx->user)))
		return false;
	fx->kva = (char *)ktest_user_byte(&fx->user, KTEST_USER_BASE);
	fx->file = filp_open("/dev/console", O_RDWR | O_NOCTTY, 0);
	if (!KT_EXPECT_TRUE(kt, !IS_ERR(fx->file))) {
		ktest_unmap_user(&fx->user);
		return false;
	}
	tio = (struct termios *)fx->kva;
	KT_EXPECT_EQ(kt, dev_ioctl(fx->file, TCGETS, USER_PAGE), 0);
	fx->saved = *tio;
	tio->c_lflag &= ~(tcflag_t)ECHO;
	KT_EXPECT_EQ(kt, dev_ioctl(fx->file, TCSETSF, USER_PAGE), 0);
	return true;
}

static void console_teardown(struct ktest_ctx *kt, struct console_fixture *fx)
{
	memcpy(fx->kva, &fx->saved, sizeof(fx->saved));
	KT_EXPECT_EQ(kt, dev_ioctl(fx->file, TCSETSF, USER_PAGE), 0);
	filp_close(fx->file);
	ktest_unmap_user(&fx->user);
}

/* read() and compare with want (a string without NULs). */
static void expect_read(struct ktest_ctx *kt, struct console_fixture *fx,
			size_t count, const char *want)
{
	ssize_t n = dev_read(fx->file, count);

	KT_EXPECT_EQ(kt, n, (ssize_t)strlen(want));
	if (n >= 0 && n < (ssize_t)PAGE_SIZE) {
		fx->kva[n] = '\0';
		KT_EXPECT_STREQ(kt, fx->kva, want);
	}
}

KTEST(tty, console_tty_nodes_open_the_one_console)
{
	static const char *const paths[] = { "/dev/console", "/dev/tty", "/dev/ttyS0" };

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		struct file *file = filp_open(paths[i], O_RDWR | O_NOCTTY, 0);

		if (!KT_EXPECT_TRUE(kt, !IS_ERR(file)))
			continue;
		KT_EXPECT_TRUE(kt, file->private_data == tty_console());
		filp_close(file);
	}
}

KTEST(tty, canonical_read_returns_one_edited_line)
{
	struct console_fixture fx;

	if (!console_setup(kt, &fx))
		return;
	type("ab\x7f" "c\rsecond\n");	/* DEL erases, CR becomes NL (ICRNL) */
	expect_read(kt, &fx, 100, "ac\n");
	expect_read(kt, &fx, 3, "sec");	/* a short read leaves the rest */
	expect_read(kt, &fx, 100, "ond\n");
	type("x\x15" "foo bar\x17" "baz\n");	/* ^U kills, ^W erases a word */
	expect_read(kt, &fx, 100, "foo baz\n");
	console_teardown(kt, &fx);
}

KTEST(tty, eof_at_line_start_reads_zero_bytes)
{
	struct console_fixture fx;

	if (!console_setup(kt, &fx))
		return;
	type("\x04");
	KT_EXPECT_EQ(kt, dev_read(fx.file, 100), 0);
	type("xy\x04");
	expect_read(kt, &fx, 100, "xy");
	console_teardown(kt, &fx);
}

KTEST(tty, nonblocking_read_without_a_line_is_eagain)
{
	struct console_fixture fx;

	if (!console_setup(kt, &fx))
		return;
	type("partial");
	fx.file->f_flags |= O_NONBLOCK;
	KT_EXPECT_EQ(kt, dev_read(fx.file, 100), -EAGAIN);
	KT_EXPECT_EQ(kt, dev_ioctl(fx.file, FIONREAD, USER_PAGE), 0);
	KT_EXPECT_EQ(kt, *(int *)fx.kva, 0);	/* no complete line */
	type("\n");
	KT_EXPECT_EQ(kt, dev_ioctl(fx.file, FIONREAD, USER_PAGE), 0);
	KT_EXPECT_EQ(kt, *(int *)fx.kva, 8);
	expect_read(kt, &fx, 100, "partial\n");
	fx.file->f_flags &= ~(unsigned int)O_NONBLOCK;
	console_teardown(kt, &fx);
}

KTEST(tty, intr_flushes_the_line_being_typed)
{
	struct console_fixture fx;

	if (!console_setup(kt, &fx))
		return;
	type("doomed\x03" "kept\n");
	expect_read(kt, &fx, 100, "kept\n");
	console_teardown(kt, &fx);
}

KTEST(tty, raw_mode_through_tcsets_hands_over_bytes_at_once)
{
	struct console_fixture fx;
	struct termios *tio;

	if (!console_setup(kt, &fx))
		return;
	tio = (struct termios *)fx.kva;
	KT_EXPECT_EQ(kt, dev_ioctl(fx.file, TCGETS, USER_PAGE), 0);
	KT_EXPECT_EQ(kt, tio->c_lflag & ICANON, ICANON);
	tio->c_lflag &= ~(tcflag_t)ICANON;
	tio->c_cc[VMIN] = 0;		/* VMIN=0 VTIME=0: never wait */
	tio->c_cc[VTIME] = 0;
	KT_EXPECT_EQ(kt, dev_ioctl(fx.file, TCSETS, USER_PAGE), 0);
	type("q\x7f\x04");
	KT_EXPECT_EQ(kt, dev_read(fx.file, 100), 3);
	KT_EXPECT_EQ(kt, fx.kva[0], 'q');
	KT_EXPECT_EQ(kt, fx.kva[1], 0x7f);
	KT_EXPECT_EQ(kt, fx.kva[2], 0x04);
	KT_EXPECT_EQ(kt, dev_read(fx.file, 100), 0);
	console_teardown(kt, &fx);
}

KTEST(tty, winsize_and_unknown_ioctls)
{
	struct console_fixture fx;
	struct winsize *ws;

	if (!console_setup(kt, &fx))
		return;
	ws = (struct winsize *)fx.kva;
	KT_EXPECT_EQ(kt, dev_ioctl(fx.file, TIOCGWINSZ, USER_PAGE), 0);
	KT_EXPECT_GE(kt, ws->ws_col, 80);
	KT_EXPECT_GE(kt, ws->ws_row, 25);
	KT_EXPECT_EQ(kt, dev_ioctl(fx.file, 0x1234, USER_PAGE), -ENOTTY);
	KT_EXPECT_EQ(kt, dev_ioctl(fx.file, TCGETS, 0x10), -EFAULT);
	KT_EXPECT_EQ(kt, dev_ioctl(fx.file, TCFLSH, 7), -EINVAL);
	console_teardown(kt, &fx);
}

/*
 * Job control, with made-up ids lent to the running task (a ktest has
 * session 0, which can own no tty) and given back at the end.
 */
#define FAKE_SESSION	4000
#define FAKE_PGRP	4001
#define OTHER_SESSION	4002

static long ioctl_int(struct console_fixture *fx, unsigned int cmd, int value, int *out)
{
	long ret;

	*(int *)fx->kva = value;
	ret = dev_ioctl(fx->file, cmd, USER_PAGE);
	*out = *(int *)fx->kva;
	return ret;
}

static void check_ctty_ioctls(struct ktest_ctx *kt, struct console_fixture *fx)
{
	int v;

	KT_EXPECT_EQ(kt, ioctl_int(fx, TIOCGPGRP, 0, &v), -ENOTTY);	/* not ours yet */
	KT_EXPECT_EQ(kt, ioctl_int(fx, TIOCGSID, 0, &v), -ENOTTY);
	KT_EXPECT_EQ(kt, dev_ioctl(fx->file, TIOCSCTTY, 0), 0);
	KT_EXPECT_EQ(kt, ioctl_int(fx, TIOCGSID, 0, &v), 0);
	KT_EXPECT_EQ(kt, v, FAKE_SESSION);
	KT_EXPECT_EQ(kt, ioctl_int(fx, TIOCGPGRP, 0, &v), 0);
	KT_EXPECT_EQ(kt, v, FAKE_SESSION);		/* the taker's group */
	KT_EXPECT_EQ(kt, ioctl_int(fx, TIOCSPGRP, FAKE_PGRP, &v), 0);
	KT_EXPECT_EQ(kt, ioctl_int(fx, TIOCGPGRP, 0, &v), 0);
	KT_EXPECT_EQ(kt, v, FAKE_PGRP);
	KT_EXPECT_EQ(kt, tty_console()->pgrp, FAKE_PGRP);	/* where ^C goes */
	KT_EXPECT_EQ(kt, ioctl_int(fx, TIOCSPGRP, 0, &v), -EINVAL);
	current->session = OTHER_SESSION;		/* another session may not */
	KT_EXPECT_EQ(kt, dev_ioctl(fx->file, TIOCSCTTY, 0), -EPERM);
	KT_EXPECT_EQ(kt, ioctl_int(fx, TIOCSPGRP, FAKE_PGRP, &v), -ENOTTY);
	KT_EXPECT_EQ(kt, dev_ioctl(fx->file, TIOCNOTTY, 0), -ENOTTY);
	current->session = FAKE_SESSION;
}

KTEST(tty, controlling_session_and_foreground_group_ioctls)
{
	struct tty_struct *tty = tty_console();
	int saved_session = current->session, saved_pgrp = current->pgrp;
	int saved_pid = current->pid;
	struct console_fixture fx;
	struct file *console;

	if (tty->session)
		KT_SKIP(kt, "the console already has a controlling session");
	if (!console_setup(kt, &fx))
		return;
	current->session = current->pgrp = FAKE_SESSION;
	/* not the session's leader (pid != session): may not take a terminal */
	KT_EXPECT_EQ(kt, dev_ioctl(fx.file, TIOCSCTTY, 0), -EPERM);
	/*
	 * Be the leader for the checks (session id == pid), as a login
	 * shell after setsid() is; nothing here sleeps or looks the pid up.
	 */
	current->pid = FAKE_SESSION;
	console = filp_open("/dev/console", O_RDWR, 0);	/* without O_NOCTTY */
	KT_EXPECT_TRUE(kt, !IS_ERR(console));
	KT_EXPECT_EQ(kt, tty->session, 0);	/* opening /dev/console never takes it, as Linux */
	if (!IS_ERR(console))
		filp_close(console);
	check_ctty_ioctls(kt, &fx);
	current->pid = saved_pid;
	current->session = saved_session;
	current->pgrp = saved_pgrp;
	tty->session = tty->pgrp = 0;		/* a ktest is no session leader */
	console_teardown(kt, &fx);
}

/* --- /dev/null, zero, full, urandom --------------------------------------- */

static struct file *open_mem(struct ktest_ctx *kt, const char *path)
{
	struct file *file = filp_open(path, O_RDWR, 0);

	KT_EXPECT_TRUE(kt, !IS_ERR(file));
	return IS_ERR(file) ? NULL : file;
}

KTEST(tty, dev_null_zero_full_behave_as_on_linux)
{
	struct ktest_user user;
	struct file *null, *zero, *full;
	char *kva;

	KT_ASSERT_TRUE(kt, ktest_map_user(&user));
	kva = (char *)ktest_user_byte(&user, KTEST_USER_BASE);
	null = open_mem(kt, "/dev/null");
	zero = open_mem(kt, "/dev/zero");
	full = open_mem(kt, "/dev/full");
	if (null) {
		KT_EXPECT_EQ(kt, dev_read(null, 100), 0);
		KT_EXPECT_EQ(kt, dev_write(null, 100), 100);
		filp_close(null);
	}
	if (zero) {
		memset(kva, 0xff, PAGE_SIZE);
		KT_EXPECT_EQ(kt, dev_read(zero, PAGE_SIZE), (ssize_t)PAGE_SIZE);
		KT_EXPECT_EQ(kt, kva[0] | kva[PAGE_SIZE / 2] | kva[PAGE_SIZE - 1], 0);
		KT_EXPECT_EQ(kt, dev_write(zero, 10), 10);
		filp_close(zero);
	}
	if (full) {
		KT_EXPECT_EQ(kt, dev_write(full, 1), -ENOSPC);
		kva[7] = 1;
		KT_EXPECT_EQ(kt, dev_read(full, 8), 8);
		KT_EXPECT_EQ(kt, kva[7], 0);
		filp_close(full);
	}
	ktest_unmap_user(&user);
}

KTEST(tty, dev_urandom_gives_different_bytes_each_read)
{
	struct ktest_user user;
	struct file *file;
	u8 first[64], *kva;

	KT_ASSERT_TRUE(kt, ktest_map_user(&user));
	kva = ktest_user_byte(&user, KTEST_USER_BASE);
	file = open_mem(kt, "/dev/urandom");
	if (file) {
		KT_EXPECT_EQ(kt, dev_read(file, sizeof(first)), (ssize_t)sizeof(first));
		memcpy(first, kva, sizeof(first));
		KT_EXPECT_EQ(kt, dev_read(file, sizeof(first)), (ssize_t)sizeof(first));
		KT_EXPECT_NE(kt, memcmp(first, kva, sizeof(first)), 0);
		KT_EXPECT_EQ(kt, dev_read(file, 600), 600);	/* more than one chunk */
		filp_close(file);
	}
	ktest_unmap_user(&user);
}
