/* uapi/stat.h - file types and modes, and struct stat (Linux x86_64). */
#ifndef UAPI_STAT_H
#define UAPI_STAT_H

#define S_IFMT		00170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_ISUID		0004000
#define S_ISGID		0002000
#define S_ISVTX		0001000

#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)

#define S_IRWXU	00700
#define S_IRUSR	00400
#define S_IWUSR	00200
#define S_IXUSR	00100
#define S_IRWXG	00070
#define S_IRWXO	00007
#define S_IALLUGO	07777

/* struct stat as the x86_64 kernel fills it (144 bytes). */
struct stat {
	unsigned long st_dev;
	unsigned long st_ino;
	unsigned long st_nlink;
	unsigned int st_mode;
	unsigned int st_uid;
	unsigned int st_gid;
	unsigned int __pad0;
	unsigned long st_rdev;
	long st_size;
	long st_blksize;
	long st_blocks;
	unsigned long st_atime;
	unsigned long st_atime_nsec;
	unsigned long st_mtime;
	unsigned long st_mtime_nsec;
	unsigned long st_ctime;
	unsigned long st_ctime_nsec;
	long __reserved[3];
};

/* statx(2): struct statx (256 bytes) and its mask bits. */
#define STATX_TYPE		0x0001U
#define STATX_MODE		0x0002U
#define STATX_NLINK		0x0004U
#define STATX_UID		0x0008U
#define STATX_GID		0x0010U
#define STATX_ATIME		0x0020U
#define STATX_MTIME		0x0040U
#define STATX_CTIME		0x0080U
#define STATX_INO		0x0100U
#define STATX_SIZE		0x0200U
#define STATX_BLOCKS		0x0400U
#define STATX_BASIC_STATS	0x07ffU

struct statx_timestamp {
	long long tv_sec;
	unsigned int tv_nsec;
	int __reserved;
};

struct statx {
	unsigned int stx_mask;
	unsigned int stx_blksize;
	unsigned long long stx_attributes;
	unsigned int stx_nlink;
	unsigned int stx_uid;
	unsigned int stx_gid;
	unsigned short stx_mode;
	unsigned short __spare0;
	unsigned long long stx_ino;
	unsigned long long stx_size;
	unsigned long long stx_blocks;
	unsigned long long stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	unsigned int stx_rdev_major, stx_rdev_minor;
	unsigned int stx_dev_major, stx_dev_minor;
	unsigned long long __spare2[14];
};

#endif
