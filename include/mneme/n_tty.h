/*
 * n_tty.h - the N_TTY line discipline: what stands between the bytes a
 * terminal sends and what read(2) returns, and between write(2) and the
 * terminal.  Canonical mode (ICANON) assembles lines with erase, kill,
 * word erase and EOF, echoing as it goes; raw mode hands bytes over as
 * they come; ISIG turns ^C, ^\ and ^Z into signals; OPOST|ONLCR turns
 * "\n" into "\r\n" on the way out.
 *
 * The discipline is pure code: it owns a struct n_tty (termios, the read
 * buffer, the echo column) and talks to the world only through the two
 * callbacks in n_tty_ops, so it builds and is tested on the host too
 * (tests/host/test_n_tty.c).  It never sleeps and never locks: the tty
 * driver (drivers/tty/tty_io.c) serialises calls (interrupts off) and
 * does the waiting.  Linux: drivers/tty/n_tty.c.
 */
#ifndef MNEME_N_TTY_H
#define MNEME_N_TTY_H

#include <mneme/types.h>
#include <uapi/termios.h>

#define N_TTY_BUF_SIZE	4096	/* the read buffer, as Linux's (a power of 2) */
#define N_TTY_OBUF_SIZE	64	/* output staged before ops->write() */

struct n_tty;

struct n_tty_ops {
	/* Bytes for the terminal (echo and written output, processed). */
	void (*write)(struct n_tty *ldata, const char *buf, size_t len);
	/* ISIG: send sig to the terminal's foreground process group. */
	void (*signal)(struct n_tty *ldata, int sig);
};

/*
 * read_buf is a ring indexed by free-running counters (masked with
 * N_TTY_BUF_SIZE - 1): read_tail <= canon_head <= read_head.  Bytes in
 * [read_tail, canon_head) are complete lines a canonical read may take;
 * [canon_head, read_head) is the line being edited.  read_flags marks
 * the byte that ends each line (NL, EOL, EOL2, or an EOF marker byte 0
 * that read() drops).  In raw mode everything up to read_head is
 * readable and no flags are set.
 */
struct n_tty {
	struct termios termios;
	const struct n_tty_ops *ops;
	void *owner;			/* the driver's (struct tty_struct) */
	size_t read_head, canon_head, read_tail;
	unsigned int column;		/* the terminal's cursor, as output left it */
	unsigned int canon_column;	/* column where the edited line began */
	bool lnext;			/* VLNEXT seen: the next byte is literal */
	bool stopped;			/* IXON: VSTOP seen (output is not held, see n_tty.c) */
	size_t olen;
	char obuf[N_TTY_OBUF_SIZE];
	unsigned char read_buf[N_TTY_BUF_SIZE];
	unsigned char read_flags[N_TTY_BUF_SIZE / 8];
};

extern const struct termios tty_std_termios;	/* Linux's defaults */

void n_tty_init(struct n_tty *ldata, const struct n_tty_ops *ops, void *owner);
/* Bytes from the terminal (interrupt context in the kernel). */
void n_tty_receive_buf(struct n_tty *ldata, const unsigned char *cp, size_t count);
/*
 * Take what a read may take now, up to nr bytes, into buf: in canonical
 * mode at most one line (its terminator included, an EOF marker not);
 * returns the count (0 for EOF at the start of a line), or -EAGAIN when
 * nothing is ready.
 */
ssize_t n_tty_read(struct n_tty *ldata, unsigned char *buf, size_t nr);
/* A read would not block: a complete line, or at least amt raw bytes. */
bool n_tty_input_available(const struct n_tty *ldata, size_t amt);
/* FIONREAD: bytes a reader could get (complete lines in canonical mode). */
size_t n_tty_inq(const struct n_tty *ldata);
/* Output from write(2): post-processed (OPOST) and handed to ops->write. */
void n_tty_write(struct n_tty *ldata, const char *buf, size_t count);
void n_tty_flush_input(struct n_tty *ldata);
/* TCSETS: switching ICANON on or off re-reads what is buffered. */
void n_tty_set_termios(struct n_tty *ldata, const struct termios *new);

#endif
