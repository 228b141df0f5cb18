/*
 * cred.h - who a task is: its user and group ids.
 *
 * Every task carries its ids in task->cred, a plain struct copied at fork
 * (Linux shares a reference-counted, copy-on-write struct cred between
 * tasks and replaces it whole with commit_creds(); with no threads and no
 * other readers a copy is enough).  Everything starts as root (all ids 0,
 * no supplementary groups).  The set*id(2) calls follow Linux's rules
 * (kernel/sys.c): with euid 0 (CAP_SETUID, since there are no capability
 * sets here) any id may be set; otherwise only to one of the real,
 * effective or saved ids.  So after setuid(1000) a later setuid(0) is
 * -EPERM, as on Linux.  Nothing checks file permissions yet (the VFS
 * treats every caller as root); reboot(2) and raising a hard rlimit ask
 * capable().
 * Linux: include/linux/cred.h, kernel/cred.c, kernel/sys.c, kernel/groups.c.
 */
#ifndef MNEME_CRED_H
#define MNEME_CRED_H

#include <mneme/types.h>

#define NGROUPS_SMALL	32	/* supplementary groups kept (Linux: NGROUPS_MAX 65536) */

typedef u32 kuid_t;
typedef u32 kgid_t;

struct cred {
	kuid_t uid, euid, suid, fsuid;	/* real, effective, saved, filesystem */
	kgid_t gid, egid, sgid, fsgid;
	int ngroups;
	kgid_t groups[NGROUPS_SMALL];
};

/* Linux's CAP_SYS_ADMIN / CAP_SETUID / CAP_SYS_BOOT... all mean euid 0 here. */
bool capable(int cap);
#define CAP_SETGID		6
#define CAP_SETUID		7
#define CAP_SYS_BOOT		22
#define CAP_SYS_ADMIN		21
#define CAP_SYS_RESOURCE	24
#define CAP_SYS_TIME		25
#define CAP_SYSLOG		34

#endif
