/*
 * uapi/utsname.h - uname(2)'s struct new_utsname and sysinfo(2)'s
 * struct sysinfo, as the Linux x86_64 ABI lays them out.
 * Linux: include/uapi/linux/utsname.h, include/uapi/linux/sysinfo.h.
 */
#ifndef UAPI_UTSNAME_H
#define UAPI_UTSNAME_H

#include <mneme/types.h>

#define __NEW_UTS_LEN	64

struct new_utsname {
	char sysname[__NEW_UTS_LEN + 1];
	char nodename[__NEW_UTS_LEN + 1];
	char release[__NEW_UTS_LEN + 1];
	char version[__NEW_UTS_LEN + 1];
	char machine[__NEW_UTS_LEN + 1];
	char domainname[__NEW_UTS_LEN + 1];
};

#define SI_LOAD_SHIFT	16	/* loads[] are fixed point with 16 fraction bits */

struct sysinfo {
	long uptime;			/* seconds since boot */
	unsigned long loads[3];		/* 1, 5, 15 minute load averages */
	unsigned long totalram;		/* in mem_unit bytes */
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	u16 procs;			/* number of current processes */
	u16 pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	u32 mem_unit;
	char _f[20 - 2 * sizeof(unsigned long) - sizeof(u32)];
};

#endif
