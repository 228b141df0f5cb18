/*
 * fs/readdir.c - getdents64(2): a directory's entries as struct
 * linux_dirent64 records, through the filesystem's iterate_shared().
 *
 * iterate_shared() calls dir_emit() once per entry starting at ctx->pos
 * and advances ctx->pos after each one the actor accepted; the actor
 * (filldir64) copies a record to the user's buffer and refuses when it
 * is full, so the next call continues with that entry.  The position
 * is kept in file->f_pos between calls.
 * Linux: fs/readdir.c.
 */
#include <asm/syscall.h>
#include <mneme/fdtable.h>
#include <mneme/fs.h>
#include <mneme/kernel.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>
#include "internal.h"

/* The record getdents64 writes (Linux's struct linux_dirent64). */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;			/* the position of the next entry */
	unsigned short d_reclen;	/* this record, padded to 8 bytes */
	unsigned char d_type;
	char d_name[];
};

struct getdents_callback64 {
	struct dir_context ctx;
	char __user *buf;		/* where the next record goes */
	size_t room;
	int error;			/* -EINVAL (too small) or -EFAULT */
	bool any;			/* a record was written */
};

static bool filldir64(struct dir_context *ctx, const char *name, int namelen,
		      loff_t offset, u64 ino, unsigned int d_type)
{
	struct getdents_callback64 *cb = container_of(ctx, struct getdents_callback64, ctx);
	size_t reclen = ALIGN(offsetof(struct linux_dirent64, d_name) + namelen + 1, 8);
	struct linux_dirent64 head = {
		.d_ino = ino, .d_off = offset + 1,
		.d_reclen = (unsigned short)reclen, .d_type = (unsigned char)d_type,
	};
	char __user *rec = cb->buf;
	char nul = '\0';

	if (reclen > cb->room) {
		if (!cb->any)
			cb->error = -EINVAL;
		return false;
	}
	if (copy_to_user(rec, &head, offsetof(struct linux_dirent64, d_name)) ||
	    copy_to_user(rec + offsetof(struct linux_dirent64, d_name), name, namelen) ||
	    copy_to_user(rec + offsetof(struct linux_dirent64, d_name) + namelen, &nul, 1)) {
		cb->error = -EFAULT;
		return false;
	}
	cb->buf += reclen;
	cb->room -= reclen;
	cb->any = true;
	return true;
}

int iterate_dir(struct file *file, struct dir_context *ctx)
{
	int err;

	if (!file->f_op || !file->f_op->iterate_shared)
		return -ENOTDIR;
	ctx->pos = file->f_pos;
	err = file->f_op->iterate_shared(file, ctx);
	file->f_pos = ctx->pos;
	return err;
}

long sys_getdents64(struct pt_regs *regs)
{
	struct getdents_callback64 cb = {
		.ctx.actor = filldir64,
		.buf = (char __user *)regs->rsi,
		.room = regs->rdx,
	};
	struct file *file;
	long err;

	if (!access_ok(cb.buf, cb.room))
		return -EFAULT;
	file = fget((unsigned int)regs->rdi);
	if (!file)
		return -EBADF;
	err = iterate_dir(file, &cb.ctx);
	fput(file);
	if (cb.any)
		return (long)(regs->rdx - cb.room);
	return err ? err : cb.error;
}
