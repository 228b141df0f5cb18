/*
 * pipe_fs_i.h - a pipe's buffer: a ring of up to PIPE_DEF_BUFFERS page
 * buffers between the writers and the readers of one pipe inode
 * (inode->i_pipe).  fs/pipe.c implements it and the pipe(2)/pipe2(2)
 * system calls.  Linux: include/linux/pipe_fs_i.h.
 */
#ifndef MNEME_PIPE_FS_I_H
#define MNEME_PIPE_FS_I_H

#include <mneme/fs.h>
#include <mneme/types.h>
#include <mneme/wait.h>

#define PIPE_DEF_BUFFERS	16	/* ring slots: 16 pages, 64 KiB, as Linux */
#define PIPE_BUF		4096	/* writes up to this size are atomic (POSIX) */

/* One slot of the ring: len bytes of page from offset on. */
struct pipe_buffer {
	struct page *page;
	unsigned int offset;
	unsigned int len;
};

/*
 * The slots in use are tail .. head - 1 (mod ring_size); head and tail
 * only grow (unsigned wrap-around is fine), so empty is head == tail and
 * full is head - tail == ring_size.  readers and writers count the open
 * files of each kind; files counts both and frees the pipe at zero.
 */
struct pipe_inode_info {
	wait_queue_head_t rd_wait;	/* readers waiting for data or EOF */
	wait_queue_head_t wr_wait;	/* writers waiting for room or EPIPE */
	unsigned int head;		/* next slot to fill */
	unsigned int tail;		/* oldest slot with data */
	unsigned int ring_size;		/* PIPE_DEF_BUFFERS */
	unsigned int readers;
	unsigned int writers;
	unsigned int files;
	struct pipe_buffer bufs[PIPE_DEF_BUFFERS];
};

/* read, write, FIONREAD and release for both ends of a pipe. */
extern const struct file_operations pipefifo_fops;

struct pipe_inode_info *alloc_pipe_info(void);	/* NULL when out of memory */
void free_pipe_info(struct pipe_inode_info *pipe);

/* Bytes waiting in the pipe (what FIONREAD reports). */
unsigned int pipe_nr_bytes(const struct pipe_inode_info *pipe);

/*
 * The two files of a new pipe: res[0] the read end, res[1] the write
 * end, each with flags' O_NONBLOCK.  0 or -errno.
 */
int create_pipe_files(struct file **res, int flags);

/* Boot: the internal pipefs superblock. */
void pipe_init(void);

#endif
