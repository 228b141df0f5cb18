/*
 * kernel/main.c - kernel_main(): from boot/head.asm to a running system.
 *
 * The order matters and each step says why it comes where it does.
 * Linux: init/main.c (start_kernel()).
 */
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/cpufeature.h>
#include <asm/syscall.h>
#include <mneme/acpi.h>
#include <mneme/bench.h>
#include <mneme/bootinfo.h>
#include <mneme/cmdline.h>
#include <mneme/sprintf.h>
#include <mneme/binfmts.h>
#include <mneme/crash.h>
#include <mneme/fs.h>
#include <mneme/initrd.h>
#include <mneme/kernel.h>
#include <mneme/keyboard.h>
#include <mneme/ktest.h>
#include <mneme/mm_early.h>
#include <mneme/mm.h>
#include <mneme/pagemap.h>
#include <mneme/panic.h>
#include <mneme/pipe_fs_i.h>
#include <mneme/pgtable.h>
#include <mneme/params.h>
#include <mneme/printk.h>
#include <mneme/proc_fs.h>
#include <mneme/sched.h>
#include <mneme/screen.h>
#include <mneme/serial.h>
#include <mneme/stackguard.h>
#include <mneme/time.h>
#include <mneme/tty.h>
#include <mneme/vma.h>
#include <mneme/version.h>
#include <mneme/vmalloc.h>

void init_pic(void);
void early_unmap_identity(void);

/* console= and loglevel= decide what the consoles show: apply them first. */
static void setup_consoles(void)
{
	const char *console = param_get("console");

	if (console)
		console_select(console);
	console_loglevel = (int)param_get_u64("loglevel", CONSOLE_LOGLEVEL_DEFAULT);
	serial_init();
}

static void print_boot_info(void)
{
	params_print();
	if (boot_info.bootloader[0])
		pr_info("Boot loader: %s\n", boot_info.bootloader);
	print_memory_map();
	for (int i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		pr_info("Module %d: [mem 0x%016lx-0x%016lx] \"%s\"\n", i,
			(unsigned long)m->start, (unsigned long)m->end - 1,
			m->cmdline);
	}
	if (!boot_info.nr_modules)
		pr_info("Modules: none\n");
}

/*
 * No init=: the console tty owns the keyboard and the serial line since
 * tty_init(), so reading it shows its line discipline at work: what is
 * typed is echoed and can be edited (DEL, ^U, ^W), and each finished
 * line is read here and dropped.  init_task may sleep in the read: when
 * nothing is runnable, schedule() halts until an interrupt.
 */
static __noreturn void idle_console(void)
{
	char line[N_TTY_BUF_SIZE / 16];

	pr_notice("Mneme is up. There is no init=: the console tty echoes and edits what you type.\n");
	for (;;)
		if (tty_read_kernel(tty_console(), line, sizeof(line), false) < 0)
			cpu_idle();	/* a signal, or no tty: do not spin */
}

static __noreturn void rest_init(void);

/*
 * The VFS before anything opens a file: the root ramfs, the initrd
 * unpacked into it, devtmpfs on /dev, then the drivers, which create
 * their nodes in /dev (Linux: vfs_caches_init() in start_kernel(),
 * populate_rootfs() and devtmpfs_init() among the initcalls).
 */
static void setup_files(void)
{
	vfs_caches_init();
	pipe_init();		/* the pipefs superblock */
	proc_root_init();	/* "proc" for mount(2) */
	populate_rootfs();
	devtmpfs_init();
	chr_dev_init();
	tty_init();
}

#define INIT_MAX_ARGS	32
#define INIT_ENV_BUF	1024

static const char *init_argv[INIT_MAX_ARGS + 2], *init_envp[INIT_MAX_ARGS + 4];

/*
 * init's argv and envp, as Linux builds them: the command-line words the
 * kernel did not take, plain words as arguments, key=value as
 * environment, after a default environment.
 */
static void build_init_args(const char *path)
{
	static char env_buf[INIT_ENV_BUF];
	const struct cmdline_word *words[CMDLINE_MAX_WORDS];
	int n = param_init_words(words), argc = 0, envc = 0;
	size_t used = 0;

	init_argv[argc++] = path;
	init_envp[envc++] = "HOME=/";
	init_envp[envc++] = "TERM=linux";
	init_envp[envc++] = "PATH=/sbin:/bin";
	for (int i = 0; i < n && i < INIT_MAX_ARGS; i++) {
		if (!words[i]->value) {
			init_argv[argc++] = words[i]->key;
			continue;
		}
		if (used >= sizeof(env_buf))
			break;
		init_envp[envc++] = env_buf + used;
		used += scnprintf(env_buf + used, sizeof(env_buf) - used, "%s=%s",
				  words[i]->key, words[i]->value) + 1;
	}
	init_argv[argc] = NULL;
	init_envp[envc] = NULL;
}

/* The thread that becomes init: exec it, or say why not. */
static int kernel_init(void *path)
{
	int err;

	build_init_args(path);
	err = kernel_execve(path, init_argv, init_envp);
	panic("Requested init %s failed (error %d). No working init found.",
	      (const char *)path, err);
}

/*
 * Run init= as a user process and, when it ends, power off with its exit
 * status (128 + the signal if a signal killed it), so QEMU's exit status
 * is init's.  Without init= on the command line Mneme stays in
 * idle_console(), until the user-space issue gives /sbin/init a shell.
 */
static __noreturn void run_init(const char *path)
{
	struct task_struct *init = kthread_create(kernel_init, (void *)path, "init");
	int status = 0;

	if (!init)
		panic("could not start init: no memory");
	child_reaper = init;	/* orphans are init's to reap from now on */
	init->pgrp = init->session = init->pid;	/* pid 1 leads session 1, group 1 */
	wake_up_process(init);
	if (kernel_wait(init->pid, &status) <= 0)
		panic("could not wait for init");
	if (status & 0x7f) {
		pr_notice("init killed by signal %d\n", status & 0x7f);
		machine_power_off(128 + (status & 0x7f));
	}
	pr_notice("init exited with status %d\n", (status >> 8) & 0xff);
	machine_power_off((status >> 8) & 0xff);
}

void kernel_main(u32 mb2_info_phys)
{
	time_mark_boot();
	/* Exceptions must be reportable before anything can fault. */
	gdt_init();
	idt_init();
	tsc_init();		/* so every log line has a real timestamp */
	parse_boot_info(mb2_info_phys);
	params_init(boot_info.cmdline);
	setup_consoles();
	pr_notice("kernel_main: Mneme %s, a teaching kernel about virtual memory (built %s %s)\n",
		  MNEME_VERSION, __DATE__, __TIME__);
	screen_init();		/* replays the log so far onto the screen */

	early_unmap_identity();
	boot_stack_guard_init();
	cpu_init();
	syscall_init();		/* the SYSCALL entry and the per-CPU area */
	tsc_print();
	timekeeping_init();	/* CLOCK_REALTIME from the CMOS clock */
	print_boot_info();
	acpi_init();

	/* Memory: memblock, the kernel's page tables, then the buddy allocator. */
	memblock_setup();
	init_mem_mapping();
	mem_init();
	vmalloc_init();
	page_cache_init();	/* the radix tree nodes of every file's page cache */
	proc_caches_init();	/* the vm_area_struct cache (kernel/fork.c) */
	zero_page_init();	/* the shared zero page (mm/memory.c) */
	/* The boot modules, which memblock kept reserved, through the direct map. */
	initrd_init();
	if (param_get("fail_page_alloc"))
		fail_page_alloc_setup(param_get("fail_page_alloc"));
	/* Leave the boot stack for a vmalloc one with a guard page below. */
	init_task_move_stack(rest_init);
}

/* The rest of boot, on init_task's vmalloc stack. */
static __noreturn void rest_init(void)
{

	/* Interrupts: the PIC first, then the devices, then sti. */
	sched_init();		/* init_task on the run queue before the tick */
	init_pic();
	time_init();
	keyboard_init();
	serial_enable_rx_irq();
	local_irq_enable();
	mm_report();
	setup_files();

	if (param_get("crash"))
		crash_trigger(param_get("crash"));
	if (param_get("bench")) {
		bench_run(param_get("bench"));
		machine_power_off(EXIT_SUCCESS_STATUS);
	}
	if (param_get("ktest"))
		machine_power_off(ktest_run(param_get("ktest")) ? EXIT_TEST_FAILURE :
								   EXIT_SUCCESS_STATUS);
	if (param_has("vmallocinfo"))
		show_vmallocinfo();
	if (param_get("init"))
		run_init(param_get("init"));
	idle_console();
}
