/*
 * tests/host/test_n_tty.c - the N_TTY line discipline (drivers/tty/n_tty.c).
 *
 * Scripted cases type keys at a struct n_tty and check three things: what
 * a read returns, what was echoed to the terminal, and which signals went
 * to the foreground group.  A randomised run then types 100 000 keys
 * (letters, tabs, control bytes, every editing key, CR/NL, ^D, and bursts
 * that overflow the 4096-byte buffer) and checks, after each key, that
 * reads agree with a simple model of canonical editing and that the
 * screen a terminal would show from the echo holds exactly the model's
 * line being edited.
 */
#include <stdlib.h>

#include "test.h"
#include "kernel_lib.h"
#include <mneme/n_tty.h>
#include <uapi/errno.h>
#include <uapi/signum.h>

#define OUT_MAX		(1 << 16)
#define MAX_SIGS	16
#define CTRL(c)		((c) & 0x1f)
#define DEL		0x7f

struct fake_tty {
	struct n_tty ld;
	char out[OUT_MAX];		/* everything written to the terminal */
	size_t out_len;
	int sigs[MAX_SIGS];
	int nr_sigs;
};

static void fake_write(struct n_tty *ld, const char *buf, size_t len)
{
	struct fake_tty *t = ld->owner;

	for (size_t i = 0; i < len && t->out_len + 1 < OUT_MAX; i++)
		t->out[t->out_len++] = buf[i];
	t->out[t->out_len] = '\0';
}

static void fake_signal(struct n_tty *ld, int sig)
{
	struct fake_tty *t = ld->owner;

	if (t->nr_sigs < MAX_SIGS)
		t->sigs[t->nr_sigs++] = sig;
}

static const struct n_tty_ops fake_ops = { .write = fake_write, .signal = fake_signal };

static struct fake_tty *tty_new(void)
{
	struct fake_tty *t = calloc(1, sizeof(*t));

	n_tty_init(&t->ld, &fake_ops, t);
	return t;
}

static void type(struct fake_tty *t, const char *keys)
{
	n_tty_receive_buf(&t->ld, (const unsigned char *)keys, strlen(keys));
}

static void type_byte(struct fake_tty *t, unsigned char c)
{
	n_tty_receive_buf(&t->ld, &c, 1);
}

/* Read up to nr bytes into a NUL-terminated static string; *ret gets the result. */
static const char *read_str(struct fake_tty *t, size_t nr, ssize_t *ret)
{
	static unsigned char buf[N_TTY_BUF_SIZE + 1];
	ssize_t n = n_tty_read(&t->ld, buf, nr);

	*ret = n;
	buf[n > 0 ? n : 0] = '\0';
	return (const char *)buf;
}

static void clear_out(struct fake_tty *t)
{
	t->out_len = 0;
	t->out[0] = '\0';
}

static void set_lflag(struct fake_tty *t, tcflag_t set, tcflag_t clear)
{
	struct termios tio = t->ld.termios;

	tio.c_lflag = (tio.c_lflag | set) & ~clear;
	n_tty_set_termios(&t->ld, &tio);
}

/* --- defaults ---------------------------------------------------------- */

TEST(termios_layout_and_defaults_are_linux)
{
	static const unsigned char init_c_cc[NCCS] =
		"\003\034\177\025\004\0\1\0\021\023\032\0\022\017\027\026\0";

	EXPECT_EQ(sizeof(struct termios), 36);
	EXPECT_EQ(sizeof(struct winsize), 8);
	EXPECT_EQ(tty_std_termios.c_iflag, 0x500);	/* ICRNL | IXON */
	EXPECT_EQ(tty_std_termios.c_oflag, 0x5);	/* OPOST | ONLCR */
	EXPECT_EQ(tty_std_termios.c_cflag, 0x4bf);	/* B38400 CS8 CREAD HUPCL */
	EXPECT_EQ(tty_std_termios.c_lflag, 0x8a3b);
	EXPECT_MEMEQ(tty_std_termios.c_cc, init_c_cc, NCCS);
	EXPECT_EQ(TCGETS, 0x5401);
	EXPECT_EQ(TIOCGWINSZ, 0x5413);
	EXPECT_EQ(TIOCGSID, 0x5429);
}

/* --- canonical editing --------------------------------------------------- */

TEST(line_is_read_with_its_newline_and_echoed_with_crlf)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "hi");
	EXPECT_EQ(n_tty_read(&t->ld, (unsigned char[8]){ 0 }, 8), -EAGAIN);
	type(t, "\r");			/* ICRNL: CR ends the line as NL */
	EXPECT_STREQ(read_str(t, 100, &n), "hi\n");
	EXPECT_EQ(n, 3);
	EXPECT_STREQ(t->out, "hi\r\n");
	EXPECT_EQ(n_tty_read(&t->ld, (unsigned char[8]){ 0 }, 8), -EAGAIN);
	free(t);
}

TEST(one_read_returns_one_line_and_long_lines_come_in_pieces)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "a\nhello\n");
	EXPECT_STREQ(read_str(t, 100, &n), "a\n");
	EXPECT_STREQ(read_str(t, 2, &n), "he");
	EXPECT_STREQ(read_str(t, 2, &n), "ll");
	EXPECT_STREQ(read_str(t, 2, &n), "o\n");
	EXPECT_EQ(n_tty_read(&t->ld, (unsigned char[8]){ 0 }, 8), -EAGAIN);
	free(t);
}

TEST(erase_del_and_ctrl_h_rub_out_one_char)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "abc\x7f" "d\bx\n");
	EXPECT_STREQ(read_str(t, 100, &n), "abx\n");
	EXPECT_STREQ(t->out, "abc\b \bd\b \bx\r\n");
	free(t);
}

TEST(erase_at_line_start_does_nothing)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "a\n");
	clear_out(t);
	type(t, "\x7f\x7f" "b\n");
	EXPECT_STREQ(t->out, "b\r\n");		/* no rub-out of the completed line */
	EXPECT_STREQ(read_str(t, 100, &n), "a\n");
	EXPECT_STREQ(read_str(t, 100, &n), "b\n");
	free(t);
}

TEST(erase_without_echoe_echoes_the_erase_key)
{
	struct fake_tty *t = tty_new();

	set_lflag(t, 0, ECHOE);
	type(t, "ab\x7f");
	EXPECT_STREQ(t->out, "ab^?");
	free(t);
}

TEST(erase_of_control_char_rubs_out_both_columns)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "a\x01");
	EXPECT_STREQ(t->out, "a^A");	/* ECHOCTL */
	type(t, "\x7f\n");
	EXPECT_STREQ(t->out, "a^A\b \b\b \b\r\n");
	EXPECT_STREQ(read_str(t, 100, &n), "a\n");
	free(t);
}

TEST(erase_of_tab_backs_up_to_where_the_tab_began)
{
	struct fake_tty *t = tty_new();

	n_tty_write(&t->ld, "$ ", 2);	/* a prompt: the line starts at column 2 */
	clear_out(t);
	type(t, "ab\t");		/* column 4, then the tab to column 8 */
	EXPECT_EQ(t->ld.column, 8);
	type(t, "\x7f");
	EXPECT_STREQ(t->out, "ab\t\b\b\b\b");
	EXPECT_EQ(t->ld.column, 4);
	free(t);
}

TEST(kill_rubs_out_the_line_with_echoke)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "abc\x15" "xy\n");
	EXPECT_STREQ(read_str(t, 100, &n), "xy\n");
	EXPECT_STREQ(t->out, "abc\b \b\b \b\b \bxy\r\n");
	free(t);
}

TEST(kill_without_echoke_shows_caret_u_and_newline)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	set_lflag(t, 0, ECHOKE);
	type(t, "abc\x15" "d\n");
	EXPECT_STREQ(t->out, "abc^U\r\nd\r\n");
	EXPECT_STREQ(read_str(t, 100, &n), "d\n");
	set_lflag(t, 0, ECHOK);
	clear_out(t);
	type(t, "e\x15");
	EXPECT_STREQ(t->out, "e^U");
	free(t);
}

TEST(word_erase_takes_trailing_blanks_and_one_word)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "foo bar  \x17" "baz\n");
	EXPECT_STREQ(read_str(t, 100, &n), "foo baz\n");
	type(t, "a-b_c\x17\n");		/* '_' is a word character, '-' is not */
	EXPECT_STREQ(read_str(t, 100, &n), "a-\n");
	set_lflag(t, 0, IEXTEN);	/* ^W is VWERASE only with IEXTEN */
	type(t, "x\x17\n");
	EXPECT_STREQ(read_str(t, 100, &n), "x\x17\n");
	free(t);
}

TEST(eof_at_line_start_reads_zero_bytes)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "\x04");
	EXPECT_STREQ(t->out, "");	/* ^D is not echoed */
	read_str(t, 100, &n);
	EXPECT_EQ(n, 0);
	EXPECT_EQ(n_tty_read(&t->ld, (unsigned char[8]){ 0 }, 8), -EAGAIN);
	free(t);
}

TEST(eof_after_text_pushes_the_line_without_a_newline)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "ab\x04" "cd\x04");
	EXPECT_STREQ(read_str(t, 100, &n), "ab");
	EXPECT_EQ(n, 2);
	EXPECT_STREQ(read_str(t, 2, &n), "cd");	/* exactly the line: the marker goes too */
	EXPECT_EQ(n_tty_read(&t->ld, (unsigned char[8]){ 0 }, 8), -EAGAIN);
	free(t);
}

TEST(icrnl_off_keeps_cr_igncr_drops_it_inlcr_maps_nl)
{
	struct fake_tty *t = tty_new();
	struct termios tio = t->ld.termios;
	ssize_t n;

	tio.c_iflag &= ~ICRNL;
	n_tty_set_termios(&t->ld, &tio);
	type(t, "a\rb\n");
	EXPECT_STREQ(read_str(t, 100, &n), "a\rb\n");
	tio.c_iflag |= IGNCR;
	n_tty_set_termios(&t->ld, &tio);
	type(t, "c\r\n");
	EXPECT_STREQ(read_str(t, 100, &n), "c\n");
	tio.c_iflag = (tio.c_iflag & ~IGNCR) | INLCR;
	n_tty_set_termios(&t->ld, &tio);
	type(t, "d\n");			/* NL became CR, which does not end a line */
	EXPECT_EQ(n_tty_read(&t->ld, (unsigned char[8]){ 0 }, 8), -EAGAIN);
	EXPECT_EQ(n_tty_inq(&t->ld), 0);
	free(t);
}

TEST(echo_off_still_assembles_lines_and_echonl_shows_newline)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	set_lflag(t, 0, ECHO);
	type(t, "secret\n");
	EXPECT_STREQ(t->out, "");
	EXPECT_STREQ(read_str(t, 100, &n), "secret\n");
	set_lflag(t, ECHONL, 0);
	type(t, "pw\n");
	EXPECT_STREQ(t->out, "\r\n");
	free(t);
}

TEST(lnext_quotes_the_next_key)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "\x16\x03\x16\x7f\n");
	EXPECT_EQ(t->nr_sigs, 0);
	EXPECT_STREQ(read_str(t, 100, &n), "\x03\x7f\n");
	EXPECT_STREQ(t->out, "^\b^C^\b^?\r\n");
	free(t);
}

TEST(reprint_shows_the_line_again)
{
	struct fake_tty *t = tty_new();

	type(t, "ab\x12");
	EXPECT_STREQ(t->out, "ab^R\r\nab");
	free(t);
}

TEST(ixon_start_stop_keys_are_consumed)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "a\x13");
	EXPECT_TRUE(t->ld.stopped);
	type(t, "\x11" "b\n");
	EXPECT_FALSE(t->ld.stopped);
	EXPECT_STREQ(read_str(t, 100, &n), "ab\n");
	free(t);
}

/* --- signals ------------------------------------------------------------- */

TEST(intr_quit_susp_signal_the_group_and_flush_input)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "done\nabc\x03");
	type(t, "\x1c");
	type(t, "\x1a");
	ASSERT_EQ(t->nr_sigs, 3);
	EXPECT_EQ(t->sigs[0], SIGINT);
	EXPECT_EQ(t->sigs[1], SIGQUIT);
	EXPECT_EQ(t->sigs[2], SIGTSTP);
	EXPECT_STREQ(t->out, "done\r\nabc^C^\\^Z");
	type(t, "x\n");
	EXPECT_STREQ(read_str(t, 100, &n), "x\n");	/* "done\n" flushed too */
	free(t);
}

TEST(noflsh_keeps_input_and_isig_off_makes_intr_ordinary)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	set_lflag(t, NOFLSH, 0);
	type(t, "ab\x03" "c\n");
	EXPECT_EQ(t->nr_sigs, 1);
	EXPECT_STREQ(read_str(t, 100, &n), "abc\n");
	set_lflag(t, 0, ISIG);
	type(t, "\x03\n");
	EXPECT_EQ(t->nr_sigs, 1);
	EXPECT_STREQ(read_str(t, 100, &n), "\x03\n");
	free(t);
}

/* --- raw mode ---------------------------------------------------------- */

TEST(raw_mode_passes_every_byte_without_editing_or_echo)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	set_lflag(t, 0, ICANON | ECHO);
	type(t, "a\x7f\x15\x04" "b");
	EXPECT_STREQ(t->out, "");
	EXPECT_TRUE(n_tty_input_available(&t->ld, 5));
	EXPECT_FALSE(n_tty_input_available(&t->ld, 6));
	EXPECT_EQ(n_tty_inq(&t->ld), 5);
	EXPECT_STREQ(read_str(t, 3, &n), "a\x7f\x15");
	EXPECT_STREQ(read_str(t, 100, &n), "\x04" "b");
	EXPECT_EQ(n_tty_read(&t->ld, (unsigned char[8]){ 0 }, 8), -EAGAIN);
	free(t);
}

TEST(raw_mode_with_echo_echoes_control_chars)
{
	struct fake_tty *t = tty_new();

	set_lflag(t, 0, ICANON);
	type(t, "q\x01");
	EXPECT_STREQ(t->out, "q^A");
	free(t);
}

TEST(switching_modes_keeps_buffered_bytes)
{
	struct fake_tty *t = tty_new();
	ssize_t n;

	type(t, "line\npart");
	set_lflag(t, 0, ICANON);	/* raw: everything is readable */
	EXPECT_EQ(n_tty_inq(&t->ld), 9);
	EXPECT_STREQ(read_str(t, 5, &n), "line\n");
	set_lflag(t, ICANON, 0);	/* canonical: the rest becomes a line */
	EXPECT_STREQ(read_str(t, 100, &n), "part");
	free(t);
}

/* --- limits, FIONREAD, output ------------------------------------------ */

TEST(line_buffer_refuses_input_beyond_4096)
{
	struct fake_tty *t = tty_new();
	static unsigned char buf[N_TTY_BUF_SIZE * 2];
	ssize_t n;

	set_lflag(t, 0, ECHO);
	for (int i = 0; i < 5000; i++)
		type(t, "x");
	type(t, "\n");			/* a terminator still fits */
	n = n_tty_read(&t->ld, buf, sizeof(buf));
	EXPECT_EQ(n, N_TTY_BUF_SIZE);
	EXPECT_EQ(buf[N_TTY_BUF_SIZE - 2], 'x');
	EXPECT_EQ(buf[N_TTY_BUF_SIZE - 1], '\n');
	set_lflag(t, 0, ICANON);
	for (int i = 0; i < 5000; i++)
		type(t, "y");
	EXPECT_EQ(n_tty_read(&t->ld, buf, sizeof(buf)), N_TTY_BUF_SIZE);
	free(t);
}

TEST(fionread_counts_complete_lines_without_eof_markers)
{
	struct fake_tty *t = tty_new();

	type(t, "ab\ncd\x04" "ef");
	EXPECT_EQ(n_tty_inq(&t->ld), 5);	/* "ab\n" and "cd" */
	n_tty_flush_input(&t->ld);
	EXPECT_EQ(n_tty_inq(&t->ld), 0);
	EXPECT_FALSE(n_tty_input_available(&t->ld, 1));
	free(t);
}

TEST(onlcr_turns_newline_into_crlf_and_opost_off_does_not)
{
	struct fake_tty *t = tty_new();
	struct termios tio = t->ld.termios;

	n_tty_write(&t->ld, "a\nb\n", 4);
	EXPECT_STREQ(t->out, "a\r\nb\r\n");
	clear_out(t);
	tio.c_oflag &= ~ONLCR;
	n_tty_set_termios(&t->ld, &tio);
	n_tty_write(&t->ld, "a\nb", 3);
	EXPECT_STREQ(t->out, "a\nb");
	clear_out(t);
	tio.c_oflag = OPOST | ONLCR | OCRNL;
	n_tty_set_termios(&t->ld, &tio);
	n_tty_write(&t->ld, "c\r", 2);
	EXPECT_STREQ(t->out, "c\n");
	clear_out(t);
	tio.c_oflag = ONLCR;		/* without OPOST nothing is processed */
	n_tty_set_termios(&t->ld, &tio);
	n_tty_write(&t->ld, "d\n", 2);
	EXPECT_STREQ(t->out, "d\n");
	free(t);
}

/* --- randomised, against a model ------------------------------------------ */

#define RANDOM_KEYS	100000
#define MODEL_EOF	(-1)	/* the EOF marker in the model's queue */
#define SCREEN_COLS	(1 << 15)

/*
 * The model: completed lines not yet read (a queue of bytes with EOF
 * markers) and the line being edited, with the same 4096-byte limit.
 * The screen: one terminal line, following the echo's CR, NL, BS, TAB.
 */
struct model {
	int queue[N_TTY_BUF_SIZE * 2];
	size_t q_head, q_len;
	unsigned char line[N_TTY_BUF_SIZE];
	size_t line_len;
	unsigned int line_start;	/* screen column where the line began */
	char screen[SCREEN_COLS];
	unsigned int cursor, screen_len;
	size_t out_seen;		/* echo bytes already applied */
};

static size_t model_count(const struct model *m)
{
	return m->q_len + m->line_len;
}

static void model_queue(struct model *m, int c)
{
	m->queue[(m->q_head + m->q_len++) % (N_TTY_BUF_SIZE * 2)] = c;
}

static void model_end_line(struct model *m, int end)
{
	if (model_count(m) >= N_TTY_BUF_SIZE)
		return;
	for (size_t i = 0; i < m->line_len; i++)
		model_queue(m, m->line[i]);
	model_queue(m, end);
	m->line_len = 0;
}

static bool is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

static void model_werase(struct model *m)
{
	unsigned int seen = 0;

	while (m->line_len) {
		unsigned char c = m->line[m->line_len - 1];

		if (is_word(c))
			seen++;
		else if (seen)
			break;
		m->line_len--;
	}
}

static void model_key(struct model *m, unsigned char c)
{
	if (c == '\r')
		c = '\n';
	if (c == DEL || c == '\b') {
		if (m->line_len)
			m->line_len--;
	} else if (c == CTRL('U')) {
		m->line_len = 0;
	} else if (c == CTRL('W')) {
		model_werase(m);
	} else if (c == '\n') {
		model_end_line(m, '\n');
	} else if (c == CTRL('D')) {
		model_end_line(m, MODEL_EOF);
	} else if (model_count(m) < N_TTY_BUF_SIZE - 1) {
		if (!m->line_len)
			m->line_start = m->cursor;
		m->line[m->line_len++] = c;
	}
}

/* FIONREAD: the queued bytes without EOF markers. */
static size_t model_inq(const struct model *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->q_len; i++)
		if (m->queue[(m->q_head + i) % (N_TTY_BUF_SIZE * 2)] != MODEL_EOF)
			n++;
	return n;
}

/* Take what one read(nr) would: a line, or nr bytes of it; -1: nothing. */
static long model_read(struct model *m, size_t nr, unsigned char *buf)
{
	size_t n = 0;

	if (!m->q_len)
		return -1;
	while (m->q_len && n < nr) {
		int c = m->queue[m->q_head];

		m->q_head = (m->q_head + 1) % (N_TTY_BUF_SIZE * 2);
		m->q_len--;
		if (c == MODEL_EOF)
			return (long)n;
		buf[n++] = (unsigned char)c;
		if (c == '\n')
			return (long)n;
	}
	if (m->q_len && m->queue[m->q_head] == MODEL_EOF) {
		m->q_head = (m->q_head + 1) % (N_TTY_BUF_SIZE * 2);
		m->q_len--;
	}
	return (long)n;
}

/* Follow the echo as a terminal would, on one line. */
static void screen_apply(struct model *m, const struct fake_tty *t)
{
	for (; m->out_seen < t->out_len; m->out_seen++) {
		char c = t->out[m->out_seen];

		if (c == '\r') {
			m->cursor = 0;
		} else if (c == '\n') {
			m->screen_len = 0;
		} else if (c == '\b') {
			if (m->cursor)
				m->cursor--;
		} else if (c == '\t') {	/* the cells it skips show blank */
			m->cursor = (m->cursor | 7) + 1;
			while (m->screen_len < m->cursor && m->screen_len < SCREEN_COLS)
				m->screen[m->screen_len++] = ' ';
		} else if (m->cursor < SCREEN_COLS) {
			while (m->screen_len < m->cursor)
				m->screen[m->screen_len++] = ' ';
			m->screen[m->cursor++] = c;
			if (m->screen_len < m->cursor)
				m->screen_len = m->cursor;
		}
	}
}

/* The screen from line_start shows the model's line and nothing after it. */
static bool screen_matches(const struct model *m)
{
	unsigned int col = m->line_len ? m->line_start : m->cursor;

	for (size_t i = 0; i < m->line_len; i++) {
		unsigned char c = m->line[i];

		if (c == '\t') {
			unsigned int stop = (col | 7) + 1;

			for (; col < stop; col++)
				if (col >= m->screen_len || m->screen[col] != ' ')
					return false;
			continue;
		}
		if (c < ' ') {
			if (col + 1 >= m->screen_len || m->screen[col] != '^' ||
			    m->screen[col + 1] != (char)(c ^ 0x40))
				return false;
			col += 2;
			continue;
		}
		if (col >= m->screen_len || m->screen[col] != (char)c)
			return false;
		col++;
	}
	if (m->cursor != col)
		return false;
	for (; col < m->screen_len; col++)
		if (m->screen[col] != ' ')
			return false;
	return true;
}

static unsigned char random_key(void)
{
	static const unsigned char keys[] = {
		'\t', ' ', ' ', '_', '-', CTRL('A'), DEL, DEL, '\b', CTRL('U'),
		CTRL('W'), CTRL('W'), '\r', '\n', CTRL('D'),
	};

	if (test_rand_chance(60))
		return (unsigned char)('a' + test_rand_below(26));
	return keys[test_rand_below(sizeof(keys))];
}

static void compare_read(struct model *m, struct fake_tty *t, size_t nr, int key_no)
{
	static unsigned char want[N_TTY_BUF_SIZE * 2], got[N_TTY_BUF_SIZE * 2];
	long w = model_read(m, nr, want);
	ssize_t g = n_tty_read(&t->ld, got, nr);

	if (w < 0)
		w = -EAGAIN;
	if (g != w || (w > 0 && memcmp(want, got, (size_t)w))) {
		TEST_FAIL("key %d: read(%zu) returned %zd, the model %ld", key_no, nr, g, w);
		want[w > 0 ? w : 0] = '\0';
		got[g > 0 ? g : 0] = '\0';
		TEST_NOTE_STR("expected", (char *)want);
		TEST_NOTE_STR("actual", (char *)got);
	}
}

TEST(random_canonical_editing_matches_model)
{
	struct fake_tty *t = tty_new();
	struct model *m = calloc(1, sizeof(*m));

	for (int k = 0; k < RANDOM_KEYS && !test_failed(); k++) {
		if (test_rand_chance(1) && test_rand_chance(2)) {
			for (int i = 0; i < N_TTY_BUF_SIZE + 100; i++, k++) {
				model_key(m, 'x');	/* overflow the buffer */
				type_byte(t, 'x');
			}
		}
		unsigned char c = random_key();

		model_key(m, c);
		type_byte(t, c);
		if (t->out_len > OUT_MAX / 2) {
			screen_apply(m, t);
			m->out_seen = 0;
			clear_out(t);
		}
		screen_apply(m, t);
		if (!screen_matches(m)) {
			TEST_FAIL("key %d (0x%02x): the screen does not show the edited line", k, c);
			break;
		}
		if (n_tty_inq(&t->ld) != model_inq(m) ||
		    n_tty_input_available(&t->ld, 1) != (m->q_len > 0)) {
			TEST_FAIL("key %d: FIONREAD %zu, the model %zu", k,
				  n_tty_inq(&t->ld), model_inq(m));
			break;
		}
		if (test_rand_chance(10))
			compare_read(m, t, (size_t)test_rand_range(1, N_TTY_BUF_SIZE + 10), k);
	}
	while (m->q_len && !test_failed())
		compare_read(m, t, N_TTY_BUF_SIZE, RANDOM_KEYS);
	EXPECT_EQ(n_tty_read(&t->ld, (unsigned char[8]){ 0 }, 8), -EAGAIN);
	free(m);
	free(t);
}
