/*
 * seq_file.h - files whose text is generated: /proc's.
 *
 * A show function prints the whole file into a struct seq_file with
 * seq_printf() and friends.  single_open() runs it once, at open, into a
 * buffer that starts at one page and doubles until the text fits (up to
 * SEQ_BUF_MAX); read(2) then copies from that snapshot, so a reader that
 * reads in small pieces sees one consistent text, and lseek works.
 * Linux's seq_file calls start/next/show/stop as the reader advances and
 * keeps only a page at a time; generating at open is simpler and enough
 * for files of a few pages.  The seq_file lives in file->private_data.
 * Linux: include/linux/seq_file.h, fs/seq_file.c.
 */
#ifndef MNEME_SEQ_FILE_H
#define MNEME_SEQ_FILE_H

#include <mneme/compiler.h>
#include <mneme/fs.h>
#include <mneme/types.h>

#define SEQ_BUF_MAX	(1UL << 20)	/* a generated file's largest size */

struct seq_file {
	char *buf;
	size_t size;		/* bytes allocated */
	size_t count;		/* bytes printed */
	bool overflow;		/* a print did not fit: retry with a bigger buffer */
	size_t pad_until;	/* seq_pad() fills up to here (seq_setwidth()) */
	void *private;		/* the show function's argument */
};

__attribute__((format(printf, 2, 3)))
void seq_printf(struct seq_file *m, const char *fmt, ...);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
void seq_write(struct seq_file *m, const void *data, size_t len);
/* Append what a (buf, size) -> length printer writes (mm's *_show()). */
void seq_show_buf(struct seq_file *m, int (*show)(char *buf, size_t size));
/* Column alignment, as /proc/<pid>/maps's path column: pad_until = count + width. */
void seq_setwidth(struct seq_file *m, size_t width);
/* Spaces up to the width set, then c (if not '\0'). */
void seq_pad(struct seq_file *m, char c);
/* Room left in the buffer, and claim n bytes written there directly. */
char *seq_get_buf(struct seq_file *m, size_t *room);
void seq_commit(struct seq_file *m, size_t n);

/*
 * Generate the file now: show(m, data) into a fresh buffer, growing it
 * until the text fits.  0, or show's error, or -ENOMEM.
 */
int single_open(struct file *file, int (*show)(struct seq_file *m, void *data), void *data);
int single_release(struct inode *inode, struct file *file);
ssize_t seq_read(struct file *file, char __user *buf, size_t count, loff_t *pos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);

#endif
