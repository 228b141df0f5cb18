/*
 * tty.h - terminals: the console tty and what the rest of the kernel may
 * ask of it.
 *
 * One struct tty_struct per terminal: the N_TTY line discipline's state
 * (<mneme/n_tty.h>), the readers' wait queue, the window size and the
 * job-control ids (the controlling session and its foreground process
 * group).  Mneme has one: "console", fed by the serial line and the PS/2
 * keyboard (console_input_push() from their interrupt handlers), shown
 * on every console (serial and screen).  /dev/console (5,1), /dev/tty
 * (5,0) and /dev/ttyS0 (4,64) all open it.  Linux: include/linux/tty.h,
 * drivers/tty/tty_io.c, drivers/tty/tty_jobctrl.c.
 */
#ifndef MNEME_TTY_H
#define MNEME_TTY_H

#include <mneme/n_tty.h>
#include <mneme/wait.h>

#define TTY_MAJOR	4	/* ttyS0 is minor 64 */
#define TTYAUX_MAJOR	5	/* /dev/tty (0), /dev/console (1) */
#define TTYS0_MINOR	64

struct tty_struct {
	const char *name;
	struct n_tty ldata;		/* the line discipline (N_TTY) */
	wait_queue_head_t read_wait;	/* readers sleeping for input */
	struct winsize winsize;
	int session;			/* controlling session, 0: none */
	int pgrp;			/* its foreground process group, 0: none */
	unsigned int count;		/* open files */
};

/* Register the tty devices, make their /dev nodes, take console input. */
void tty_init(void);
/* Bytes typed at the console tty (from interrupt handlers; irqs off). */
void tty_receive_buf(struct tty_struct *tty, const unsigned char *cp, size_t count);
struct tty_struct *tty_console(void);
/*
 * read(2) on the tty into a kernel buffer: sleeps as read(2) does; for
 * the kernel's own reader (kernel/main.c without init=).
 */
ssize_t tty_read_kernel(struct tty_struct *tty, void *buf, size_t nr, bool nonblock);

/* drivers/char/mem.c: /dev/null, zero, full, random, urandom. */
void chr_dev_init(void);

#endif
