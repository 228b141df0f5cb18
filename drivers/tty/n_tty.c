/*
 * drivers/tty/n_tty.c - the N_TTY line discipline: line editing, echo,
 * signals from the keyboard, and output post-processing.
 *
 * Data: one struct n_tty per terminal (<mneme/n_tty.h>): its termios,
 * the 4096-byte read ring with the line-end bitmap, and the echo
 * column.  Input arrives through n_tty_receive_buf(), one byte at a
 * time through the input flags (IGNCR, ICRNL, INLCR), then IXON, ISIG,
 * and in canonical mode the editing keys; everything else is stored and
 * echoed.  Echo and written output both pass do_output_char() (OPOST),
 * which keeps the column that erasing a tab needs.
 *
 * Invariants: read_tail <= canon_head <= read_head and read_head -
 * read_tail <= N_TTY_BUF_SIZE; in canonical mode an ordinary byte is
 * refused once N_TTY_BUF_SIZE - 1 are buffered, so the line's
 * terminator always fits, and a terminator is refused only when the
 * buffer is full; editing never reaches before canon_head (a completed
 * line is the reader's).  Bytes in raw mode carry no line-end flags.
 *
 * Locking: none here; the caller serialises (the console tty calls with
 * interrupts off, because input comes from interrupt handlers).
 *
 * Differences from Linux, on purpose: ^H erases as well as VERASE
 * (terminals differ on what Backspace sends; Linux erases only on
 * VERASE, "stty erase"); IXON consumes ^S/^Q and records the state but
 * output is not held back (Linux stops the tty's writes until ^Q);
 * ECHOPRT, XCASE, IUCLC/OLCUC, PARMRK, tab expansion (XTABS) and
 * VDISCARD are not implemented; a full buffer drops bytes silently
 * (Linux rings the bell with IMAXBEL).  Linux also defers echo to a
 * separate echo buffer processed under a lock; here echo is written at
 * once, which on one CPU with interrupts off is the same order.
 * Linux: drivers/tty/n_tty.c, drivers/tty/tty_ioctl.c (tty_std_termios).
 */
#include <mneme/n_tty.h>
#include <mneme/string.h>
#include <uapi/errno.h>
#include <uapi/signum.h>

#define BUF_MASK	(N_TTY_BUF_SIZE - 1)
#define DISABLED_CHAR	'\0'	/* a c_cc entry of 0 is off (_POSIX_VDISABLE) */
#define EOF_MARKER	'\0'	/* stored with a line-end flag for VEOF */
#define CTRL(c)		((c) & 0x1f)
#define ASCII_DEL	0x7f
#define CTL_ECHO_FLIP	0x40	/* ^C is shown as '^' and ('\003' ^ 0x40) */
#define TAB_MASK	7	/* tab stops every 8 columns */

/* Linux's INIT_C_CC, index by index. */
const struct termios tty_std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_line = N_TTY,
	.c_cc = {
		[VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'), [VERASE] = ASCII_DEL,
		[VKILL] = CTRL('U'), [VEOF] = CTRL('D'), [VTIME] = 0, [VMIN] = 1,
		[VSWTC] = 0, [VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'),
		[VSUSP] = CTRL('Z'), [VEOL] = 0, [VREPRINT] = CTRL('R'),
		[VDISCARD] = CTRL('O'), [VWERASE] = CTRL('W'), [VLNEXT] = CTRL('V'),
		[VEOL2] = 0,
	},
};

#define I_FLAG(ld, f)	((ld)->termios.c_iflag & (f))
#define O_FLAG(ld, f)	((ld)->termios.c_oflag & (f))
#define L_FLAG(ld, f)	((ld)->termios.c_lflag & (f))

static bool is_cntrl(unsigned char c)
{
	return c < ' ' || c == ASCII_DEL;
}

static bool is_word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* c is the enabled control character cc[idx]. */
static bool is_cc(const struct n_tty *ld, int idx, unsigned char c)
{
	return ld->termios.c_cc[idx] != DISABLED_CHAR && c == ld->termios.c_cc[idx];
}

static size_t read_cnt(const struct n_tty *ld)
{
	return ld->read_head - ld->read_tail;
}

static unsigned char read_buf(const struct n_tty *ld, size_t i)
{
	return ld->read_buf[i & BUF_MASK];
}

static bool test_eol(const struct n_tty *ld, size_t i)
{
	i &= BUF_MASK;
	return ld->read_flags[i / 8] & (1u << (i % 8));
}

static void set_eol(struct n_tty *ld, size_t i, bool on)
{
	i &= BUF_MASK;
	if (on)
		ld->read_flags[i / 8] |= (unsigned char)(1u << (i % 8));
	else
		ld->read_flags[i / 8] &= (unsigned char)~(1u << (i % 8));
}

static void put_tty_queue(struct n_tty *ld, unsigned char c)
{
	ld->read_buf[ld->read_head & BUF_MASK] = c;
	set_eol(ld, ld->read_head, false);
	ld->read_head++;
}

/* --- output ---------------------------------------------------------- */

static void flush_output(struct n_tty *ld)
{
	if (ld->olen && ld->ops && ld->ops->write)
		ld->ops->write(ld, ld->obuf, ld->olen);
	ld->olen = 0;
}

static void tty_put_char(struct n_tty *ld, char c)
{
	if (ld->olen == N_TTY_OBUF_SIZE)
		flush_output(ld);
	ld->obuf[ld->olen++] = c;
}

/* One byte to the terminal through OPOST, keeping the column. */
static void do_output_char(struct n_tty *ld, unsigned char c)
{
	bool post = O_FLAG(ld, OPOST);

	switch (c) {
	case '\n':
		if (post && O_FLAG(ld, ONLRET))
			ld->column = ld->canon_column = 0;
		if (post && O_FLAG(ld, ONLCR)) {
			ld->column = ld->canon_column = 0;
			tty_put_char(ld, '\r');
		}
		break;
	case '\r':
		if (post && O_FLAG(ld, ONOCR) && ld->column == 0)
			return;
		if (post && O_FLAG(ld, OCRNL)) {
			c = '\n';
			if (O_FLAG(ld, ONLRET))
				ld->column = ld->canon_column = 0;
			break;
		}
		ld->column = ld->canon_column = 0;
		break;
	case '\t':
		ld->column = (ld->column | TAB_MASK) + 1;
		break;
	case '\b':
		if (ld->column > 0)
			ld->column--;
		break;
	default:
		if (!is_cntrl(c))
			ld->column++;
		break;
	}
	tty_put_char(ld, (char)c);
}

/* Echo c as the user typed it: ECHOCTL shows a control byte as ^X. */
static void echo_char(struct n_tty *ld, unsigned char c)
{
	if (L_FLAG(ld, ECHOCTL) && is_cntrl(c) && c != '\t' && c != '\n') {
		do_output_char(ld, '^');
		do_output_char(ld, c ^ CTL_ECHO_FLIP);
		return;
	}
	do_output_char(ld, c);
}

static void echo_erase_one(struct n_tty *ld)
{
	do_output_char(ld, '\b');
	do_output_char(ld, ' ');
	do_output_char(ld, '\b');
}

/* --- editing --------------------------------------------------------- */

/* The column the byte at index end was echoed at (for erasing a tab). */
static unsigned int line_column_at(const struct n_tty *ld, size_t end)
{
	unsigned int col = ld->canon_column;

	for (size_t i = ld->canon_head; i != end; i++) {
		unsigned char c = read_buf(ld, i);

		if (c == '\t')
			col = (col | TAB_MASK) + 1;
		else if (!is_cntrl(c))
			col++;
		else if (L_FLAG(ld, ECHOCTL))
			col += 2;
	}
	return col;
}

/* Undo the echo of c, which was the byte at index pos. */
static void echo_unerase(struct n_tty *ld, unsigned char c, size_t pos, bool erase_key)
{
	if (erase_key && !L_FLAG(ld, ECHOE)) {
		echo_char(ld, ld->termios.c_cc[VERASE]);
		return;
	}
	if (c == '\t') {
		unsigned int col = line_column_at(ld, pos);

		while (ld->column > col)
			do_output_char(ld, '\b');
		return;
	}
	if (is_cntrl(c) && L_FLAG(ld, ECHOCTL))
		echo_erase_one(ld);
	if (!is_cntrl(c) || L_FLAG(ld, ECHOCTL))
		echo_erase_one(ld);
}

enum kill_type { ERASE, WERASE, KILL };

/*
 * Kill the line: without ECHOKE (or ECHOE) show the kill key and, with
 * ECHOK, start a new line; with all three, rub every byte out.
 */
static bool kill_line_shown(struct n_tty *ld, unsigned char c)
{
	if (!L_FLAG(ld, ECHO)) {
		ld->read_head = ld->canon_head;
		return true;
	}
	if (!L_FLAG(ld, ECHOK) || !L_FLAG(ld, ECHOKE) || !L_FLAG(ld, ECHOE)) {
		ld->read_head = ld->canon_head;
		echo_char(ld, c);
		if (L_FLAG(ld, ECHOK))
			do_output_char(ld, '\n');
		return true;
	}
	return false;
}

/*
 * Erase back from read_head: one byte, a word (any non-word bytes, then
 * the word characters before them, as Linux), or the whole line.
 */
static void eraser(struct n_tty *ld, unsigned char c, enum kill_type type)
{
	unsigned int seen_word = 0;

	if (ld->read_head == ld->canon_head)
		return;
	if (type == KILL && kill_line_shown(ld, c))
		return;
	while (ld->read_head != ld->canon_head) {
		size_t pos = ld->read_head - 1;
		unsigned char old = read_buf(ld, pos);

		if (type == WERASE) {
			if (is_word_char(old))
				seen_word++;
			else if (seen_word)
				break;
		}
		ld->read_head = pos;
		if (L_FLAG(ld, ECHO))
			echo_unerase(ld, old, pos, type == ERASE);
		if (type == ERASE)
			break;
	}
}

/* VREPRINT: show the key, then the line so far on a fresh line. */
static void reprint(struct n_tty *ld, unsigned char c)
{
	if (!L_FLAG(ld, ECHO))
		return;
	echo_char(ld, c);
	do_output_char(ld, '\n');
	ld->canon_column = ld->column;
	for (size_t i = ld->canon_head; i != ld->read_head; i++)
		echo_char(ld, read_buf(ld, i));
}

/* ISIG: signal the foreground group, flush (unless NOFLSH), echo. */
static void isig(struct n_tty *ld, int sig, unsigned char c)
{
	if (ld->ops && ld->ops->signal)
		ld->ops->signal(ld, sig);
	if (!L_FLAG(ld, NOFLSH))
		n_tty_flush_input(ld);
	if (L_FLAG(ld, ECHO))
		echo_char(ld, c);
}

/* --- input ----------------------------------------------------------- */

/* A line ends with c (NL, EOL, EOL2, or the EOF marker): publish it. */
static void end_line(struct n_tty *ld, unsigned char c, bool echo)
{
	if (read_cnt(ld) >= N_TTY_BUF_SIZE)
		return;
	if (echo)
		echo_char(ld, c);
	set_eol(ld, ld->read_head, true);
	ld->read_buf[ld->read_head & BUF_MASK] = c;
	ld->read_head++;
	ld->canon_head = ld->read_head;
}

/* An ordinary byte: store and echo it, if there is room. */
static void receive_ordinary(struct n_tty *ld, unsigned char c)
{
	bool canon = L_FLAG(ld, ICANON);
	size_t room = canon ? N_TTY_BUF_SIZE - 1 : N_TTY_BUF_SIZE;

	if (read_cnt(ld) >= room)
		return;
	if (L_FLAG(ld, ECHO)) {
		if (canon && ld->read_head == ld->canon_head)
			ld->canon_column = ld->column;
		echo_char(ld, c);
	}
	put_tty_queue(ld, c);
	if (!canon)
		ld->canon_head = ld->read_head;	/* raw: all of it is readable */
}

/* The canonical-mode keys; false if c is none of them. */
static bool receive_canon_special(struct n_tty *ld, unsigned char c)
{
	bool iexten = L_FLAG(ld, IEXTEN);

	if (is_cc(ld, VERASE, c) || c == '\b')
		eraser(ld, c, ERASE);
	else if (is_cc(ld, VKILL, c))
		eraser(ld, c, KILL);
	else if (iexten && is_cc(ld, VWERASE, c))
		eraser(ld, c, WERASE);
	else if (iexten && is_cc(ld, VLNEXT, c)) {
		ld->lnext = true;
		if (L_FLAG(ld, ECHO) && L_FLAG(ld, ECHOCTL)) {
			do_output_char(ld, '^');	/* replaced by the next byte */
			do_output_char(ld, '\b');
		}
	} else if (iexten && is_cc(ld, VREPRINT, c))
		reprint(ld, c);
	else if (c == '\n')
		end_line(ld, c, L_FLAG(ld, ECHO) || L_FLAG(ld, ECHONL));
	else if (is_cc(ld, VEOL, c) || (iexten && is_cc(ld, VEOL2, c)))
		end_line(ld, c, L_FLAG(ld, ECHO));
	else if (is_cc(ld, VEOF, c))
		end_line(ld, EOF_MARKER, false);	/* Linux does not echo ^D */
	else
		return false;
	return true;
}

/* IXON and ISIG keys; false if c is none of them. */
static bool receive_flow_or_signal(struct n_tty *ld, unsigned char c)
{
	if (I_FLAG(ld, IXON)) {
		if (is_cc(ld, VSTOP, c)) {
			ld->stopped = true;
			return true;
		}
		if (is_cc(ld, VSTART, c)) {
			ld->stopped = false;
			return true;
		}
	}
	if (!L_FLAG(ld, ISIG))
		return false;
	if (is_cc(ld, VINTR, c))
		isig(ld, SIGINT, c);
	else if (is_cc(ld, VQUIT, c))
		isig(ld, SIGQUIT, c);
	else if (is_cc(ld, VSUSP, c))
		isig(ld, SIGTSTP, c);
	else
		return false;
	return true;
}

static void n_tty_receive_char(struct n_tty *ld, unsigned char c)
{
	if (ld->lnext) {		/* ^V: take this one literally */
		ld->lnext = false;
		receive_ordinary(ld, c);
		return;
	}
	if (I_FLAG(ld, ISTRIP))
		c &= ASCII_DEL;
	if (c == '\r') {
		if (I_FLAG(ld, IGNCR))
			return;
		if (I_FLAG(ld, ICRNL))
			c = '\n';
	} else if (c == '\n' && I_FLAG(ld, INLCR)) {
		c = '\r';
	}
	if (receive_flow_or_signal(ld, c))
		return;
	if (L_FLAG(ld, ICANON) && receive_canon_special(ld, c))
		return;
	receive_ordinary(ld, c);
}

void n_tty_receive_buf(struct n_tty *ld, const unsigned char *cp, size_t count)
{
	for (size_t i = 0; i < count; i++)
		n_tty_receive_char(ld, cp[i]);
	flush_output(ld);
}

/* --- reading --------------------------------------------------------- */

/* One line (or its first nr bytes); an EOF marker ends it uncopied. */
static size_t canon_copy_from_read_buf(struct n_tty *ld, unsigned char *buf, size_t nr)
{
	size_t n = 0;

	while (ld->read_tail != ld->canon_head && n < nr) {
		size_t i = ld->read_tail++;
		unsigned char c = read_buf(ld, i);

		if (!test_eol(ld, i)) {
			buf[n++] = c;
			continue;
		}
		set_eol(ld, i, false);
		if (c != EOF_MARKER)
			buf[n++] = c;
		return n;
	}
	/* Exactly the line's bytes fitted: its EOF marker goes with them. */
	if (ld->read_tail != ld->canon_head && test_eol(ld, ld->read_tail) &&
	    read_buf(ld, ld->read_tail) == EOF_MARKER) {
		set_eol(ld, ld->read_tail, false);
		ld->read_tail++;
	}
	return n;
}

ssize_t n_tty_read(struct n_tty *ld, unsigned char *buf, size_t nr)
{
	size_t n;

	if (!n_tty_input_available(ld, 1))
		return -EAGAIN;
	if (L_FLAG(ld, ICANON))
		return (ssize_t)canon_copy_from_read_buf(ld, buf, nr);
	n = read_cnt(ld) < nr ? read_cnt(ld) : nr;
	for (size_t i = 0; i < n; i++)
		buf[i] = read_buf(ld, ld->read_tail++);
	return (ssize_t)n;
}

bool n_tty_input_available(const struct n_tty *ld, size_t amt)
{
	if (L_FLAG(ld, ICANON))
		return ld->canon_head != ld->read_tail;
	return read_cnt(ld) >= (amt ? amt : 1);
}

size_t n_tty_inq(const struct n_tty *ld)
{
	size_t n = 0;

	if (!L_FLAG(ld, ICANON))
		return read_cnt(ld);
	for (size_t i = ld->read_tail; i != ld->canon_head; i++)
		if (!test_eol(ld, i) || read_buf(ld, i) != EOF_MARKER)
			n++;
	return n;
}

/* --- the rest -------------------------------------------------------- */

void n_tty_write(struct n_tty *ld, const char *buf, size_t count)
{
	for (size_t i = 0; i < count; i++)
		do_output_char(ld, (unsigned char)buf[i]);
	flush_output(ld);
}

void n_tty_flush_input(struct n_tty *ld)
{
	for (size_t i = ld->read_tail; i != ld->read_head; i++)
		set_eol(ld, i, false);
	ld->read_tail = ld->canon_head = ld->read_head;
	ld->lnext = false;
}

/*
 * Into canonical mode, what is buffered becomes one line (Linux pushes
 * it the same way); into raw mode, all of it becomes readable.
 */
void n_tty_set_termios(struct n_tty *ld, const struct termios *new)
{
	bool was_canon = L_FLAG(ld, ICANON);

	ld->termios = *new;
	if (was_canon == !!L_FLAG(ld, ICANON))
		return;
	if (L_FLAG(ld, ICANON)) {
		if (ld->read_head != ld->read_tail)
			set_eol(ld, ld->read_head - 1, true);
	} else {
		for (size_t i = ld->read_tail; i != ld->read_head; i++)
			set_eol(ld, i, false);
	}
	ld->canon_head = ld->read_head;
	ld->lnext = false;
}

void n_tty_init(struct n_tty *ld, const struct n_tty_ops *ops, void *owner)
{
	memset(ld, 0, sizeof(*ld));	/* no struct-sized temporary on the stack */
	ld->termios = tty_std_termios;
	ld->ops = ops;
	ld->owner = owner;
}
