/*
 * kernel/printk.c - the kernel log: a ring buffer and the consoles.
 *
 * Every message is stored in log_buf as lines "<L>[seconds.micros] text\n"
 * (L = log level), the format syslog(2) hands to dmesg, and written at
 * once to each enabled console when its level is below console_loglevel.
 * A console registered late (the screen, once its driver knows the
 * framebuffer) first gets a replay of the log so far, so the screen of a
 * PC without a serial port shows the same log as the serial line.
 *
 * Invariants: log_next counts every byte ever stored (log_buf holds the
 * last LOG_BUF_LEN of them); line_level is the level of the line being
 * written and at_line_start says whether the next byte begins a line.
 * Locking: one CPU; interrupts are disabled around each message, so a
 * message from an interrupt handler never splits another.
 * Linux: kernel/printk/printk.c.
 */
#include <asm/processor.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>
#include <mneme/time.h>

#define LOG_BUF_LEN	(64 * 1024)
#define PRINTK_MSG_MAX	1024

static char log_buf[LOG_BUF_LEN];
static u64 log_next;
static bool at_line_start = true;
static int line_level = LOGLEVEL_DEFAULT;
static struct console *consoles;

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_next + i) % LOG_BUF_LEN] = s[i];
	log_next += n;
}

static void console_emit(const char *s, size_t n, int level)
{
	if (level >= console_loglevel)
		return;
	for (struct console *con = consoles; con; con = con->next)
		if (con->enabled)
			con->write(con, s, n);
}

/*
 * Text from user space (write(2) to the console): to every enabled
 * console, not into the kernel log, as a tty would show it.
 */
void console_write_user(const char *s, size_t n)
{
	for (struct console *con = consoles; con; con = con->next)
		if (con->enabled)
			con->write(con, s, n);
}

/* Start a line: "<L>" to the log only, the timestamp to both. */
static void begin_line(int level)
{
	char prefix[32];
	u64 ns = ktime_get_ns();
	int n;

	prefix[0] = '<';
	prefix[1] = (char)('0' + level);
	prefix[2] = '>';
	log_store(prefix, 3);
	n = scnprintf(prefix, sizeof(prefix), "[%5lu.%06lu] ",
		      (unsigned long)(ns / NSEC_PER_SEC),
		      (unsigned long)(ns % NSEC_PER_SEC / NSEC_PER_USEC));
	log_store(prefix, n);
	console_emit(prefix, n, level);
}

static void emit_text(const char *s, size_t n)
{
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t chunk = nl ? (size_t)(nl - s) + 1 : n;

		if (at_line_start)
			begin_line(line_level);
		log_store(s, chunk);
		console_emit(s, chunk, line_level);
		at_line_start = nl != NULL;
		s += chunk;
		n -= chunk;
	}
}

/* Split off a KERN_<LEVEL> prefix; returns the text after it. */
static const char *parse_level(const char *text)
{
	if (text[0] != KERN_SOH[0] || !text[1])
		return text;
	if (text[1] == 'c')
		return text + 2;	/* KERN_CONT: keep the line's level */
	if (text[1] >= '0' && text[1] <= '7') {
		if (!at_line_start)	/* a new level ends an open line */
			emit_text("\n", 1);
		line_level = text[1] - '0';
	}
	return text + 2;
}

int vprintk(const char *fmt, va_list args)
{
	char msg[PRINTK_MSG_MAX];
	unsigned long flags;
	const char *text;
	int n;

	n = vscnprintf(msg, sizeof(msg), fmt, args);
	flags = local_irq_save();
	if (at_line_start)
		line_level = LOGLEVEL_DEFAULT;
	text = parse_level(msg);
	emit_text(text, (size_t)n - (size_t)(text - msg));
	local_irq_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

size_t log_buf_read(char *buf, size_t size)
{
	u64 avail = log_next < LOG_BUF_LEN ? log_next : LOG_BUF_LEN;
	u64 start;

	if (size > avail)
		size = avail;
	start = log_next - size;
	for (size_t i = 0; i < size; i++)
		buf[i] = log_buf[(start + i) % LOG_BUF_LEN];
	return size;
}

u64 log_buf_start(void)
{
	return log_next > LOG_BUF_LEN ? log_next - LOG_BUF_LEN : 0;
}

u64 log_buf_end(void)
{
	return READ_ONCE(log_next);
}

size_t log_buf_len(void)
{
	return LOG_BUF_LEN;
}

size_t log_buf_copy(char *buf, u64 *pos, size_t size)
{
	unsigned long flags = local_irq_save();
	u64 from = max(*pos, log_buf_start());
	size_t n = (size_t)min((u64)size, log_next - min(from, log_next));

	for (size_t i = 0; i < n; i++)
		buf[i] = log_buf[(from + i) % LOG_BUF_LEN];
	*pos = from + n;
	local_irq_restore(flags);
	return n;
}

u64 log_buf_fit(u64 from, size_t size)
{
	unsigned long flags = local_irq_save();
	u64 start = max(from, log_buf_start());

	if (log_next - min(start, log_next) > size) {
		start = log_next - size;
		while (start < log_next && log_buf[(start - 1) % LOG_BUF_LEN] != '\n')
			start++;	/* begin at a whole line */
	}
	local_irq_restore(flags);
	return start;
}

/* Send what the log holds to one new console, line by line, filtered. */
static void console_replay(struct console *con)
{
	u64 start = log_next > LOG_BUF_LEN ? log_next - LOG_BUF_LEN : 0;
	int level = LOGLEVEL_DEFAULT;
	bool line_start = true;

	if (start)	/* the buffer wrapped: skip the partial first line */
		while (start < log_next && log_buf[start++ % LOG_BUF_LEN] != '\n')
			;
	for (u64 i = start; i < log_next; i++) {
		char c = log_buf[i % LOG_BUF_LEN];

		if (line_start && c == '<' && i + 2 < log_next) {
			level = log_buf[(i + 1) % LOG_BUF_LEN] - '0';
			i += 2;		/* skip "<L>" */
			line_start = false;
			continue;
		}
		if (level < console_loglevel)
			con->write(con, &c, 1);
		line_start = (c == '\n');
	}
}

static const char *console_names;	/* console=, NULL: all consoles */

/* Whether console= names con ("ttyS0", "tty0", or a list "ttyS0,tty0"). */
static bool console_selected(const struct console *con)
{
	size_t len = strlen(con->name);
	const char *p = console_names;

	if (!p)
		return true;
	while (*p) {
		if (!strncmp(p, con->name, len) && (p[len] == ',' || !p[len]))
			return true;
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
	return false;
}

void console_select(const char *names)
{
	console_names = names;
	for (struct console *con = consoles; con; con = con->next)
		con->enabled = console_selected(con);
}

void register_console(struct console *con)
{
	unsigned long flags = local_irq_save();

	con->enabled = console_selected(con);
	if (!con->enabled) {
		local_irq_restore(flags);
		return;
	}
	console_replay(con);
	con->next = consoles;
	consoles = con;
	local_irq_restore(flags);
}
