/*
 * drivers/tty/tty_io.c - the console tty: the character devices
 * /dev/console, /dev/tty and /dev/ttyS0 on top of the N_TTY line
 * discipline (drivers/tty/n_tty.c).
 *
 * Data: one struct tty_struct, console_tty (<mneme/tty.h>).  Input: the
 * serial and keyboard interrupt handlers call console_input_push(),
 * which hands each byte to tty_receive_buf() once tty_init() has run;
 * the discipline edits and echoes it there and then, in interrupt
 * context, and readers are woken.  Output (write(2) and echo) goes to
 * every console through console_write_user(), which never sleeps.  The
 * screen's terminal answers ESC[6n as typed input; write(2) delivers the
 * queued answer (screen_flush_responses()) once N_TTY is done.
 *
 * Reads sleep TASK_INTERRUPTIBLE on read_wait until the discipline has
 * what they need: a whole line in canonical mode, VMIN bytes (or VTIME)
 * in raw mode; a pending signal ends the sleep with -ERESTARTSYS (or
 * with the bytes already taken), O_NONBLOCK gives -EAGAIN.
 *
 * Locking: the discipline's state is shared with the interrupt handlers,
 * so every call into it runs with interrupts off (one CPU).  User memory
 * is touched only with interrupts on, through a bounce buffer.
 *
 * Job control, simplified: one terminal, so the first open (without
 * O_NOCTTY) of /dev/ttyS0 by a session leader when no session owns the
 * tty makes that session the controlling one and the opener's group the
 * foreground group (opening /dev/console or /dev/tty never does, as in
 * Linux); TIOCSCTTY makes a session leader's session take it if free; TIOCNOTTY gives it up.  TIOCGPGRP and
 * TIOCSPGRP answer only the controlling session (-ENOTTY otherwise), as
 * on Linux, so busybox sh as init (session 0, like Linux's pid 1 before
 * setsid()) says "can't access tty; job control turned off".  Linux keeps a controlling tty per session
 * (signal_struct->tty), gives it only to a session leader opening a tty
 * other than /dev/console, sends SIGHUP/SIGCONT when the leader leaves,
 * checks that TIOCSPGRP's group lives in the session, and stops a
 * background group's reads with SIGTTIN; none of that here.  /dev/tty is
 * always the console (Linux: the caller's controlling tty, or -ENXIO).
 * Linux: drivers/tty/tty_io.c, tty_ioctl.c, tty_jobctrl.c, n_tty.c
 * (n_tty_read's VMIN/VTIME loop).
 */
#include <asm/processor.h>
#include <mneme/console_input.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/poll.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <mneme/screen.h>
#include <mneme/signal.h>
#include <mneme/slab.h>
#include <mneme/tty.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#define TTY_WRITE_CHUNK		256	/* bytes copied from user space at a time */
#define DECISECONDS_PER_SEC	10	/* VTIME's unit */

static struct tty_struct console_tty = {
	.name = "console",
	.read_wait = __WAIT_QUEUE_HEAD_INITIALIZER(console_tty.read_wait),
};

struct tty_struct *tty_console(void)
{
	return &console_tty;
}

/* --- the line discipline's callbacks --------------------------------- */

/*
 * To every console.  The consoles end a line with CR LF themselves (the
 * log's convention), so the CR that ONLCR put before an LF is dropped
 * here rather than shown twice; a consequence is that with OPOST off an
 * LF still returns the cursor (Linux's serial driver sends bytes as
 * they are).
 */
static void tty_ldisc_write(struct n_tty *ldata, const char *buf, size_t len)
{
	char out[N_TTY_OBUF_SIZE];
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n')
			continue;
		out[n++] = buf[i];
		if (n == sizeof(out)) {
			console_write_user(out, n);
			n = 0;
		}
	}
	if (n)
		console_write_user(out, n);
}

/* ^C, ^\, ^Z: to the foreground group (from interrupt context). */
static void tty_ldisc_signal(struct n_tty *ldata, int sig)
{
	struct tty_struct *tty = ldata->owner;

	if (tty->pgrp > 0)
		kill_pgrp(tty->pgrp, sig);
}

static const struct n_tty_ops tty_ldisc_ops = {
	.write = tty_ldisc_write,
	.signal = tty_ldisc_signal,
};

void tty_receive_buf(struct tty_struct *tty, const unsigned char *cp, size_t count)
{
	unsigned long flags = local_irq_save();

	n_tty_receive_buf(&tty->ldata, cp, count);
	local_irq_restore(flags);
	wake_up(&tty->read_wait);
}

static void console_receive(const unsigned char *cp, size_t count)
{
	tty_receive_buf(&console_tty, cp, count);
}

/* --- reading ---------------------------------------------------------- */

/* n_tty_read() with interrupts off: the handlers change the buffer. */
static ssize_t tty_take(struct tty_struct *tty, unsigned char *kbuf, size_t nr)
{
	unsigned long flags = local_irq_save();
	ssize_t n = n_tty_read(&tty->ldata, kbuf, nr);

	local_irq_restore(flags);
	return n;
}

/*
 * Sleep until input is available, a signal arrives, or timeout jiffies
 * pass; returns the jiffies left (0: timed out).  The state is set
 * before the test, so a wake-up in between is not lost.
 */
static long tty_wait_input(struct tty_struct *tty, long timeout)
{
	DEFINE_WAIT(wait);

	prepare_to_wait(&tty->read_wait, &wait, TASK_INTERRUPTIBLE);
	if (!n_tty_input_available(&tty->ldata, 1) && !signal_pending(current))
		timeout = schedule_timeout(timeout);
	finish_wait(&tty->read_wait, &wait);
	return timeout;
}

/* Canonical mode: one line, or EOF (0). */
static ssize_t canon_read(struct tty_struct *tty, unsigned char *kbuf, size_t nr,
			  bool nonblock)
{
	for (;;) {
		ssize_t n = tty_take(tty, kbuf, nr);

		if (n != -EAGAIN)
			return n;
		if (nonblock)
			return -EAGAIN;
		if (signal_pending(current))
			return -ERESTARTSYS;
		tty_wait_input(tty, MAX_SCHEDULE_TIMEOUT);
	}
}

/*
 * Raw mode, POSIX's four cases.  VMIN=0 VTIME=0: what is there, maybe 0.
 * VMIN>0 VTIME=0: wait for min(VMIN, nr) bytes.  VMIN=0 VTIME>0: wait at
 * most VTIME tenths of a second for any byte.  VMIN>0 VTIME>0: wait for
 * the first byte, then at most VTIME between bytes, up to VMIN.
 */
static ssize_t raw_read(struct tty_struct *tty, unsigned char *kbuf, size_t nr,
			bool nonblock)
{
	size_t vmin = tty->ldata.termios.c_cc[VMIN];
	unsigned int vtime = tty->ldata.termios.c_cc[VTIME];
	long timeout = vtime ? (long)(vtime * HZ / DECISECONDS_PER_SEC) : MAX_SCHEDULE_TIMEOUT;
	size_t want = vmin ? (vmin < nr ? vmin : nr) : 1, copied = 0;

	if (vtime && !timeout)
		timeout = 1;
	for (;;) {
		ssize_t n = tty_take(tty, kbuf + copied, nr - copied);

		if (n > 0)
			copied += (size_t)n;
		if (copied >= want || (!vmin && !vtime))
			return (ssize_t)copied;
		if (nonblock)
			return copied ? (ssize_t)copied : -EAGAIN;
		if (signal_pending(current))
			return copied ? (ssize_t)copied : -ERESTARTSYS;
		/* VMIN>0 VTIME>0: the timer runs only once a byte has come. */
		if (!tty_wait_input(tty, vmin && !copied ? MAX_SCHEDULE_TIMEOUT : timeout))
			return (ssize_t)copied;
	}
}

ssize_t tty_read_kernel(struct tty_struct *tty, void *buf, size_t nr, bool nonblock)
{
	if (!nr)
		return 0;
	if (tty->ldata.termios.c_lflag & ICANON)
		return canon_read(tty, buf, nr, nonblock);
	return raw_read(tty, buf, nr, nonblock);
}

static ssize_t tty_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct tty_struct *tty = file->private_data;
	size_t nr = count < N_TTY_BUF_SIZE ? count : N_TTY_BUF_SIZE;
	unsigned char *kbuf;
	ssize_t n;

	if (!count)
		return 0;
	kbuf = kmalloc(nr, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	n = tty_read_kernel(tty, kbuf, nr, file->f_flags & O_NONBLOCK);
	if (n > 0 && copy_to_user(buf, kbuf, (size_t)n))
		n = -EFAULT;
	kfree(kbuf);
	return n;
}

/* --- writing ---------------------------------------------------------- */

static ssize_t tty_write(struct file *file, const char __user *buf, size_t count,
			 loff_t *pos)
{
	struct tty_struct *tty = file->private_data;
	char kbuf[TTY_WRITE_CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t n = count - done < sizeof(kbuf) ? count - done : sizeof(kbuf);
		unsigned long flags;

		if (copy_from_user(kbuf, buf + done, n))
			return done ? (ssize_t)done : -EFAULT;
		flags = local_irq_save();
		n_tty_write(&tty->ldata, kbuf, n);
		local_irq_restore(flags);
		/* ESC[6n's answer, as input, before write() returns */
		screen_flush_responses();
		done += n;
		cond_resched();
	}
	return (ssize_t)done;
}

/* --- ioctl ------------------------------------------------------------ */

/* TCSETS and friends: TCSETSF also throws away unread input. */
static int tty_set_termios(struct tty_struct *tty, const struct termios *tio, bool flush)
{
	unsigned long flags = local_irq_save();

	if (flush)
		n_tty_flush_input(&tty->ldata);
	n_tty_set_termios(&tty->ldata, tio);
	local_irq_restore(flags);
	wake_up(&tty->read_wait);	/* a mode change may satisfy a reader */
	return 0;
}

static int tty_ioctl_termios(struct tty_struct *tty, unsigned int cmd, void __user *argp)
{
	struct termios tio;

	if (cmd == TCGETS)
		return copy_to_user(argp, &tty->ldata.termios, sizeof(tio)) ? -EFAULT : 0;
	if (copy_from_user(&tio, argp, sizeof(tio)))
		return -EFAULT;
	/* TCSETSW waits for output to drain: ours is written synchronously. */
	return tty_set_termios(tty, &tio, cmd == TCSETSF);
}

/* FIONREAD: n_tty_inq() walks the ring the interrupt handlers fill. */
static int tty_inq(struct tty_struct *tty)
{
	unsigned long flags = local_irq_save();
	int inq = (int)n_tty_inq(&tty->ldata);

	local_irq_restore(flags);
	return inq;
}

static int tty_flush(struct tty_struct *tty, unsigned long arg)
{
	unsigned long flags;

	if (arg != TCIFLUSH && arg != TCOFLUSH && arg != TCIOFLUSH)
		return -EINVAL;
	if (arg == TCOFLUSH)
		return 0;	/* nothing is queued for output */
	flags = local_irq_save();
	n_tty_flush_input(&tty->ldata);
	local_irq_restore(flags);
	return 0;
}

/* The tty is the caller's controlling terminal. */
static bool is_ctty(const struct tty_struct *tty)
{
	return tty->session && tty->session == current->session;
}

/* Make the caller's session the controlling one, if the tty is free. */
static void tty_set_ctty(struct tty_struct *tty)
{
	tty->session = current->session;
	tty->pgrp = current->pgrp;
}

static int tiocsctty(struct tty_struct *tty)
{
	if (tty->session == current->session)
		return 0;
	if (tty->session || current->session != current->pid)
		return -EPERM;	/* only a session leader; Linux: a root caller with arg 1 may steal it */
	tty_set_ctty(tty);
	return 0;
}

static int tiocnotty(struct tty_struct *tty)
{
	if (!is_ctty(tty))
		return -ENOTTY;
	if (current->pid == current->session)
		tty->session = tty->pgrp = 0;	/* the leader lets go */
	return 0;
}

static int tiocspgrp(struct tty_struct *tty, int __user *argp)
{
	int pgrp;

	if (get_user(pgrp, argp))
		return -EFAULT;
	if (pgrp <= 0)
		return -EINVAL;
	if (!is_ctty(tty))
		return -ENOTTY;
	tty->pgrp = pgrp;
	return 0;
}

static int tty_ioctl_jobctrl(struct tty_struct *tty, unsigned int cmd, int __user *argp)
{
	switch (cmd) {
	case TIOCGPGRP:		/* only for the tty's own session, as Linux */
		if (!is_ctty(tty))
			return -ENOTTY;
		return put_user(tty->pgrp, argp) ? -EFAULT : 0;
	case TIOCSPGRP:
		return tiocspgrp(tty, argp);
	case TIOCGSID:
		if (!tty->session)
			return -ENOTTY;
		return put_user(tty->session, argp) ? -EFAULT : 0;
	case TIOCSCTTY:
		return tiocsctty(tty);
	default:		/* TIOCNOTTY */
		return tiocnotty(tty);
	}
}

static long tty_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tty_struct *tty = file->private_data;
	void __user *argp = (void __user *)arg;
	int inq;

	switch (cmd) {
	case TCGETS:
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tty_ioctl_termios(tty, cmd, argp);
	case TCFLSH:
		return tty_flush(tty, arg);
	case TIOCGWINSZ:
		return copy_to_user(argp, &tty->winsize, sizeof(tty->winsize)) ? -EFAULT : 0;
	case TIOCSWINSZ:	/* Linux also sends SIGWINCH to the group */
		return copy_from_user(&tty->winsize, argp, sizeof(tty->winsize)) ? -EFAULT : 0;
	case FIONREAD:
		inq = tty_inq(tty);
		return put_user(inq, (int __user *)argp) ? -EFAULT : 0;
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCGSID:
	case TIOCSCTTY:
	case TIOCNOTTY:
		return tty_ioctl_jobctrl(tty, cmd, argp);
	default:
		return -ENOTTY;
	}
}

/* --- open, release, init ---------------------------------------------- */

/*
 * Does this open make the tty the caller's controlling terminal (when
 * it has none)?  As Linux: only for a session leader, and never through
 * /dev/console or /dev/tty, so init's console descriptors do not tie the
 * console to init's session and a login shell can take it with setsid()
 * and TIOCSCTTY.
 */
static bool opens_ctty(const struct inode *inode)
{
	return current->session && current->session == current->pid &&
	       MAJOR(inode->i_rdev) != TTYAUX_MAJOR;
}

static int tty_open(struct inode *inode, struct file *file)
{
	struct tty_struct *tty = &console_tty;

	file->private_data = tty;
	tty->count++;
	if (!tty->session && !(file->f_flags & O_NOCTTY) && opens_ctty(inode))
		tty_set_ctty(tty);
	return 0;
}

/*
 * poll: readable when a read would not block (a whole line in canonical
 * mode, or one byte in raw mode: busybox's line editor polls in raw
 * mode before each key); output never blocks.
 */
static __poll_t tty_poll(struct file *file, poll_table *pt)
{
	struct tty_struct *tty = file->private_data;
	unsigned long flags;
	__poll_t mask = POLLOUT | POLLWRNORM;

	poll_wait(file, &tty->read_wait, pt);
	flags = local_irq_save();
	if (n_tty_input_available(&tty->ldata, 1))
		mask |= POLLIN | POLLRDNORM;
	local_irq_restore(flags);
	return mask;
}

static int tty_release(struct inode *inode, struct file *file)
{
	struct tty_struct *tty = file->private_data;

	if (tty->count)
		tty->count--;
	return 0;
}

static const struct file_operations tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.unlocked_ioctl = tty_ioctl,
	.poll = tty_poll,
	.open = tty_open,
	.release = tty_release,
};

struct tty_node {
	const char *path;
	unsigned int major, minor;
	umode_t mode;
};

/* Linux's modes: the console root's, /dev/tty everyone's. */
static const struct tty_node tty_nodes[] = {
	{ "/dev/tty", TTYAUX_MAJOR, 0, 0666 },
	{ "/dev/console", TTYAUX_MAJOR, 1, 0600 },
	{ "/dev/ttyS0", TTY_MAJOR, TTYS0_MINOR, 0660 },
};

static int tty_register_devices(void)
{
	int err = register_chrdev(TTYAUX_MAJOR, 0, 2, "/dev/tty", &tty_fops);

	if (!err)
		err = register_chrdev(TTY_MAJOR, TTYS0_MINOR, 1, "ttyS", &tty_fops);
	for (size_t i = 0; !err && i < ARRAY_SIZE(tty_nodes); i++) {
		const struct tty_node *n = &tty_nodes[i];

		err = vfs_mknod_path(n->path, S_IFCHR | n->mode, MKDEV(n->major, n->minor));
	}
	return err;
}

void tty_init(void)
{
	struct tty_struct *tty = &console_tty;
	unsigned int cols, rows;
	int err;

	n_tty_init(&tty->ldata, &tty_ldisc_ops, tty);
	screen_get_size(&cols, &rows);
	tty->winsize.ws_col = (unsigned short)cols;
	tty->winsize.ws_row = (unsigned short)rows;
	err = tty_register_devices();
	if (err)
		pr_err("tty: could not register the console devices (%d)\n", err);
	console_input_set_receiver(console_receive);
	pr_info("tty: console %ux%u: /dev/console, /dev/tty, /dev/ttyS0 (N_TTY)\n",
		cols, rows);
}
