/*
 * umh.h - running a user program from the kernel (kernel/umh.c).
 *
 * call_usermodehelper(path, argv, envp, &status) runs path from the
 * initrd in a new process and waits: 0 with its wait status in *status
 * (exit code << 8, or the signal that killed it), or execve's -errno
 * (then *status is UMH_EXEC_FAILED).  envp NULL: a default environment.
 */
#ifndef MNEME_UMH_H
#define MNEME_UMH_H

#define UMH_EXEC_FAILED	0x7f00	/* the wait status of a helper whose exec failed */

int call_usermodehelper(const char *path, const char *const *argv,
			const char *const *envp, int *status);

#endif
