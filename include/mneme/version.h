/*
 * version.h - what Mneme calls itself: in the boot banner, uname(2) and
 * /proc/version.
 *
 * uname's sysname is "Linux" and its release a Linux version number on
 * purpose: Mneme implements Linux's user ABI, and programs decide what
 * they may use by those two fields (busybox and some libcs compare the
 * release against the kernel version a feature arrived in; scripts test
 * `uname -s` = Linux).  A release of "0.1" would read as Linux 0.1 and
 * switch features off.  So release says which Linux ABI we follow, with
 * "-mneme" after it, and version says what we really are.  Linux:
 * include/generated/utsrelease.h, compile.h.
 */
#ifndef MNEME_VERSION_H
#define MNEME_VERSION_H

#define MNEME_VERSION	"0.1"
#define UTS_SYSNAME	"Linux"
#define UTS_RELEASE	"6.1.0-mneme"	/* the Linux ABI followed: 6.1 LTS */
#define UTS_VERSION	"#1 Mneme " MNEME_VERSION " " __DATE__ " " __TIME__
#define UTS_MACHINE	"x86_64"
#define UTS_NODENAME	"(none)"	/* Linux's default until sethostname(2) */

#endif
