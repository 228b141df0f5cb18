/*
 * fs/seq_file.c - generated text files (include/mneme/seq_file.h).
 *
 * Data: one struct seq_file per open file (file->private_data), holding
 * the text show() printed at open.  Invariant: count <= size, and when
 * overflow is false buf[0..count) is the whole text.  A print that does
 * not fit sets overflow and leaves count where it was; single_open()
 * then frees the buffer, doubles the size and runs show() again from the
 * start, so show() must print the same way twice (it reads live state,
 * so the second run reflects the state at that moment).  No locking: an
 * open file is read by one task at a time here.
 * Linux: fs/seq_file.c (seq_read_iter() grows the same way, per record).
 */
#include <mneme/err.h>
#include <mneme/kernel.h>
#include <mneme/mm.h>
#include <mneme/seq_file.h>
#include <mneme/slab.h>
#include <mneme/sprintf.h>
#include <mneme/string.h>
#include <uapi/errno.h>

static bool seq_room(struct seq_file *m, size_t n)
{
	if (m->overflow || n > m->size - m->count) {
		m->overflow = true;
		return false;
	}
	return true;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	size_t room = m->size - m->count;
	va_list ap;
	int n;

	if (m->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->count, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)	/* vsnprintf says what it needed */
		m->overflow = true;
	else
		m->count += (size_t)n;
}

void seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (!seq_room(m, len))
		return;
	memcpy(m->buf + m->count, data, len);
	m->count += len;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}

void seq_setwidth(struct seq_file *m, size_t width)
{
	m->pad_until = m->count + width;
}

void seq_pad(struct seq_file *m, char c)
{
	while (!m->overflow && m->count < m->pad_until)
		seq_putc(m, ' ');
	if (c)
		seq_putc(m, c);
}

char *seq_get_buf(struct seq_file *m, size_t *room)
{
	*room = m->overflow ? 0 : m->size - m->count;
	return m->buf + m->count;
}

void seq_commit(struct seq_file *m, size_t n)
{
	if (n > m->size - m->count)
		m->overflow = true;
	else
		m->count += n;
}

/* The mm printers truncate like scnprintf(): a full buffer means "more". */
void seq_show_buf(struct seq_file *m, int (*show)(char *buf, size_t size))
{
	size_t room;
	char *buf = seq_get_buf(m, &room);
	int n;

	if (room < 2) {
		m->overflow = true;
		return;
	}
	n = show(buf, room);
	if (n < 0 || (size_t)n + 1 >= room)
		m->overflow = true;
	else
		seq_commit(m, (size_t)n);
}

int single_open(struct file *file, int (*show)(struct seq_file *m, void *data), void *data)
{
	struct seq_file *m = kzalloc(sizeof(*m), GFP_KERNEL);
	size_t size = PAGE_SIZE;
	int err;

	if (!m)
		return -ENOMEM;
	m->private = data;
	for (;;) {
		m->buf = kmalloc(size, GFP_KERNEL);
		err = -ENOMEM;
		if (!m->buf)
			goto out_free;
		m->size = size;
		m->count = 0;
		m->overflow = false;
		err = show(m, data);
		if (err || !m->overflow)
			break;
		kfree(m->buf);
		m->buf = NULL;
		size *= 2;
		err = -EFBIG;
		if (size > SEQ_BUF_MAX)
			goto out_free;
	}
	if (err)
		goto out_free;
	file->private_data = m;
	return 0;
out_free:
	kfree(m->buf);
	kfree(m);
	return err;
}

int single_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	(void)inode;
	if (m) {
		kfree(m->buf);
		kfree(m);
		file->private_data = NULL;
	}
	return 0;
}

ssize_t seq_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct seq_file *m = file->private_data;

	return simple_read_from_buffer(buf, count, pos, m->buf, m->count);
}

loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	return generic_file_llseek(file, offset, whence);
}
