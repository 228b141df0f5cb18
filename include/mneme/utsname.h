/*
 * utsname.h - the system's names as uname(2) reports them
 * (kernel/sys_info.c owns them; sethostname(2) and
 * /proc/sys/kernel/hostname change the node name).
 * Linux: include/linux/utsname.h (one per UTS namespace).
 */
#ifndef MNEME_UTSNAME_H
#define MNEME_UTSNAME_H

#include <uapi/utsname.h>

extern struct new_utsname init_uts_ns;

#endif
