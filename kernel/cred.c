/*
 * kernel/cred.c - user and group ids: the get*id and set*id system calls,
 * getgroups and setgroups, and capable().
 *
 * Data: task->cred (include/mneme/cred.h), a copy per task.  The rules
 * are Linux's: a privileged caller may set any id; an unprivileged one
 * may only move an id to one of its current real, effective or saved
 * ids.  "Privileged" is euid 0 (Linux asks for CAP_SETUID/CAP_SETGID in
 * the effective capability set, which follows euid 0 unless a program
 * changes it with capset(2), which we do not have).  The filesystem ids
 * follow the effective ones, as in Linux.  -1 in setres*id means "leave
 * it"; -1 as a plain setuid() argument is -EINVAL.  Only the running
 * task changes its own cred, so there is no locking.
 * Linux: kernel/sys.c (__sys_setuid() and friends), kernel/groups.c,
 * kernel/capability.c.
 */
#include <asm/syscall.h>
#include <mneme/cred.h>
#include <mneme/kernel.h>
#include <mneme/sched.h>
#include <mneme/string.h>
#include <mneme/uaccess.h>
#include <uapi/errno.h>

#define ID_UNCHANGED	((u32)-1)

bool capable(int cap)
{
	(void)cap;		/* one capability: being root */
	return current->cred.euid == 0;
}

/* May an unprivileged task move an id to id?  Only to one it holds. */
static bool id_held(u32 id, u32 real, u32 eff, u32 saved)
{
	return id == real || id == eff || id == saved;
}

long sys_getuid(struct pt_regs *regs)
{
	(void)regs;
	return current->cred.uid;
}

long sys_geteuid(struct pt_regs *regs)
{
	(void)regs;
	return current->cred.euid;
}

long sys_getgid(struct pt_regs *regs)
{
	(void)regs;
	return current->cred.gid;
}

long sys_getegid(struct pt_regs *regs)
{
	(void)regs;
	return current->cred.egid;
}

/* setuid(uid): root sets all four ids; others only the effective one. */
long sys_setuid(struct pt_regs *regs)
{
	struct cred *c = &current->cred;
	u32 uid = (u32)regs->rdi;

	if (uid == ID_UNCHANGED)
		return -EINVAL;
	if (capable(CAP_SETUID)) {
		c->uid = c->suid = uid;
	} else if (uid != c->uid && uid != c->suid) {
		return -EPERM;
	}
	c->euid = c->fsuid = uid;
	return 0;
}

long sys_setgid(struct pt_regs *regs)
{
	struct cred *c = &current->cred;
	u32 gid = (u32)regs->rdi;

	if (gid == ID_UNCHANGED)
		return -EINVAL;
	if (capable(CAP_SETGID)) {
		c->gid = c->sgid = gid;
	} else if (gid != c->gid && gid != c->sgid) {
		return -EPERM;
	}
	c->egid = c->fsgid = gid;
	return 0;
}

/* Shared by setresuid and setresgid: ids[3] are real, effective, saved. */
static long set_res_ids(u32 *real, u32 *eff, u32 *saved, u32 *fs,
			const u32 want[3], int cap)
{
	if (!capable(cap)) {
		for (int i = 0; i < 3; i++)
			if (want[i] != ID_UNCHANGED && !id_held(want[i], *real, *eff, *saved))
				return -EPERM;
	}
	if (want[0] != ID_UNCHANGED)
		*real = want[0];
	if (want[1] != ID_UNCHANGED)
		*eff = want[1];
	if (want[2] != ID_UNCHANGED)
		*saved = want[2];
	*fs = *eff;
	return 0;
}

long sys_setresuid(struct pt_regs *regs)
{
	struct cred *c = &current->cred;
	u32 want[3] = { (u32)regs->rdi, (u32)regs->rsi, (u32)regs->rdx };

	return set_res_ids(&c->uid, &c->euid, &c->suid, &c->fsuid, want, CAP_SETUID);
}

long sys_setresgid(struct pt_regs *regs)
{
	struct cred *c = &current->cred;
	u32 want[3] = { (u32)regs->rdi, (u32)regs->rsi, (u32)regs->rdx };

	return set_res_ids(&c->gid, &c->egid, &c->sgid, &c->fsgid, want, CAP_SETGID);
}

static long put_res_ids(const struct pt_regs *regs, u32 real, u32 eff, u32 saved)
{
	if (put_user(real, (u32 __user *)regs->rdi) ||
	    put_user(eff, (u32 __user *)regs->rsi) ||
	    put_user(saved, (u32 __user *)regs->rdx))
		return -EFAULT;
	return 0;
}

long sys_getresuid(struct pt_regs *regs)
{
	const struct cred *c = &current->cred;

	return put_res_ids(regs, c->uid, c->euid, c->suid);
}

long sys_getresgid(struct pt_regs *regs)
{
	const struct cred *c = &current->cred;

	return put_res_ids(regs, c->gid, c->egid, c->sgid);
}

/* setfsuid(uid): always returns the old fsuid; changes it when allowed. */
long sys_setfsuid(struct pt_regs *regs)
{
	struct cred *c = &current->cred;
	u32 old = c->fsuid, uid = (u32)regs->rdi;

	if (uid != ID_UNCHANGED &&
	    (capable(CAP_SETUID) || id_held(uid, c->uid, c->euid, c->suid) || uid == c->fsuid))
		c->fsuid = uid;
	return old;
}

long sys_setfsgid(struct pt_regs *regs)
{
	struct cred *c = &current->cred;
	u32 old = c->fsgid, gid = (u32)regs->rdi;

	if (gid != ID_UNCHANGED &&
	    (capable(CAP_SETGID) || id_held(gid, c->gid, c->egid, c->sgid) || gid == c->fsgid))
		c->fsgid = gid;
	return old;
}

/* getgroups(size, list): the count when size is 0; -EINVAL if list is too small. */
long sys_getgroups(struct pt_regs *regs)
{
	const struct cred *c = &current->cred;
	int size = (int)regs->rdi;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	if (copy_to_user((void __user *)regs->rsi, c->groups, c->ngroups * sizeof(kgid_t)))
		return -EFAULT;
	return c->ngroups;
}

/*
 * setgroups(size, list): root only.  We keep at most NGROUPS_SMALL groups
 * and refuse more with -EINVAL (Linux allows 65536, in a separately
 * allocated group_info).
 */
long sys_setgroups(struct pt_regs *regs)
{
	struct cred *c = &current->cred;
	kgid_t groups[NGROUPS_SMALL];
	int size = (int)regs->rdi;

	if (!capable(CAP_SETGID))
		return -EPERM;
	if (size < 0 || size > NGROUPS_SMALL)
		return -EINVAL;
	if (copy_from_user(groups, (const void __user *)regs->rsi, size * sizeof(kgid_t)))
		return -EFAULT;
	memcpy(c->groups, groups, size * sizeof(kgid_t));
	c->ngroups = size;
	return 0;
}
