/*
 * kernel/reboot.c - reboot(2): power off, halt, restart, and the
 * Ctrl-Alt-Del switch.
 *
 * The two magic numbers guard against a stray call with random
 * arguments, as in Linux; a caller who is not root gets -EPERM first.
 * POWER_OFF and HALT both power off with status 0 (the path init's exit
 * takes, arch/x86/reboot.c), so a QEMU run ends with exit status 0; Linux
 * halts the CPU without power-off for HALT, which under QEMU would hang
 * until the time-out.  RESTART and RESTART2 reset the machine.  CAD_ON
 * and CAD_OFF are accepted and remembered: there is no keyboard handler
 * that acts on Ctrl-Alt-Del yet.  Linux syncs the filesystems and runs
 * the reboot notifiers first; nothing needs that here yet (no disks).
 * Linux: kernel/reboot.c.
 */
#include <asm/syscall.h>
#include <mneme/cred.h>
#include <mneme/kernel.h>
#include <mneme/panic.h>
#include <mneme/printk.h>
#include <mneme/sched.h>
#include <uapi/errno.h>

#define LINUX_REBOOT_MAGIC1		0xfee1deadU
#define LINUX_REBOOT_MAGIC2		672274793U	/* 0x28121969 */
#define LINUX_REBOOT_MAGIC2A		85072278U
#define LINUX_REBOOT_MAGIC2B		369367448U
#define LINUX_REBOOT_MAGIC2C		537993216U

#define LINUX_REBOOT_CMD_RESTART	0x01234567U
#define LINUX_REBOOT_CMD_HALT		0xcdef0123U
#define LINUX_REBOOT_CMD_CAD_ON		0x89abcdefU
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000U
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321fedcU
#define LINUX_REBOOT_CMD_RESTART2	0xa1b2c3d4U

static bool cad_enabled = true;		/* Linux: C_A_D, default on */

static bool reboot_magic_ok(u32 magic1, u32 magic2)
{
	return magic1 == LINUX_REBOOT_MAGIC1 &&
	       (magic2 == LINUX_REBOOT_MAGIC2 || magic2 == LINUX_REBOOT_MAGIC2A ||
		magic2 == LINUX_REBOOT_MAGIC2B || magic2 == LINUX_REBOOT_MAGIC2C);
}

/* reboot(magic1, magic2, cmd, arg) */
long sys_reboot(struct pt_regs *regs)
{
	u32 cmd = (u32)regs->rdx;

	if (!capable(CAP_SYS_BOOT))
		return -EPERM;
	if (!reboot_magic_ok((u32)regs->rdi, (u32)regs->rsi))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
		cad_enabled = true;
		return 0;
	case LINUX_REBOOT_CMD_CAD_OFF:
		cad_enabled = false;
		return 0;
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		pr_notice("reboot: %s[%d] asked to power off\n", current->comm, current->pid);
		machine_power_off(0);
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		pr_notice("reboot: %s[%d] asked to restart\n", current->comm, current->pid);
		machine_restart();
	default:
		return -EINVAL;
	}
}
