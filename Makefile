# Mneme - top-level Makefile.  See README.md for the targets.
#
#   make          build/kernel.elf, build/initrd.cpio and build/mneme.iso
#   make run      boot the ISO in QEMU (serial on this terminal)
#   make check    host tests, ktests and boot checks; ends "N passed, M failed"
#   make bench    in-guest micro-benchmarks under -icount (mmbench lines)
#   make debug    QEMU waiting for GDB, and GDB attached at kernel_main
#   make clean
#
# Every target that needs outside tools first runs tools/install-deps,
# which apt-get installs only what is missing and says what it installs.

BUILD     ?= build
CC        := gcc
LD        := ld
NASM      := nasm
HOSTCC    ?= gcc

# Kernel C flags: freestanding x86_64 code for the top 2 GiB (-mcmodel=kernel),
# no red zone (interrupts push onto the stack below rsp), no SSE/x87 (the
# kernel does not save FPU state around its own code), frame pointers kept
# for backtraces, and no loop-to-memset rewriting (lib/string.c would then
# call itself).  -Werror holds everywhere.
KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie \
	-mcmodel=kernel -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-80387 \
	-mno-3dnow -fno-stack-protector -fno-omit-frame-pointer \
	-mno-omit-leaf-frame-pointer -fno-asynchronous-unwind-tables \
	-fno-tree-loop-distribute-patterns -fno-strict-aliasing \
	-fno-common -Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -Iarch/x86/include -MMD -MP
NASMFLAGS := -f elf64 -g -F dwarf -w+all -Werror
LDFLAGS   := -nostdlib -static -n -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments -T linker.ld

KSRC_C   := $(sort $(wildcard kernel/*.c kernel/sched/*.c kernel/time/*.c arch/x86/*.c arch/x86/mm/*.c lib/*.c drivers/*.c \
	drivers/char/*.c mm/*.c fs/*.c fs/ramfs/*.c fs/proc/*.c drivers/tty/*.c tests/kernel/*.c))
KSRC_ASM := $(sort $(wildcard boot/*.asm arch/x86/*.asm))
KOBJS    := $(KSRC_C:%.c=$(BUILD)/%.o) $(KSRC_ASM:%.asm=$(BUILD)/%.o)

# make V=1 shows the full commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

ISO      := $(BUILD)/mneme.iso
KERNEL   := $(BUILD)/kernel.elf
INITRD   := $(BUILD)/initrd.cpio

.PHONY: all deps run check bench debug clean host-tests iso user
all: deps $(KERNEL) $(INITRD) $(ISO)
iso: $(ISO)

deps:
	@tools/install-deps

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/%.o: %.asm
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  NASM    $<")
	$(Q)$(NASM) $(NASMFLAGS) $< -o $@

# Two links so that backtraces can name functions: the first has no symbol
# table; its function addresses become build/kallsyms.c; the second links
# that in.  .kallsyms sits after .text, so no function moves; the check
# below proves it.
$(BUILD)/kernel.pass1.elf: $(KOBJS) linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KOBJS)

$(BUILD)/kallsyms.c: $(BUILD)/kernel.pass1.elf tools/gen-kallsyms
	$(Q)tools/gen-kallsyms $< > $@

$(BUILD)/kallsyms.o: $(BUILD)/kallsyms.c
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(KERNEL): $(KOBJS) $(BUILD)/kallsyms.o linker.ld
	@$(if $(Q),echo "  LD      $@ (with kallsyms)")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KOBJS) $(BUILD)/kallsyms.o
	@tools/gen-kallsyms --list $(BUILD)/kernel.pass1.elf > $(BUILD)/syms.pass1
	@tools/gen-kallsyms --list $@ > $(BUILD)/syms.final
	@cmp -s $(BUILD)/syms.pass1 $(BUILD)/syms.final || \
		{ echo "kallsyms: function addresses moved between links"; rm -f $@; exit 1; }

# --- user programs (user/) and the initrd ----------------------------------
include user/user.mk
include tests/guest/guest.mk

# The initrd is rebuilt when a program, a guest test (into /tests), a
# file under user/rootfs/, the script or Debian's busybox changes (a
# fresh machine gets busybox from the deps target, after this line is
# read: hence the wildcard).
INITRD_SKELETON := $(shell find user/rootfs 2> /dev/null)
$(INITRD): $(USER_PROGS) $(GUEST_PROGS) $(INITRD_SKELETON) tools/mkinitrd \
		$(wildcard /bin/busybox)
	$(Q)tools/mkinitrd $@ $(USER_BUILD) --tests $(GUEST_BUILD)

$(ISO): $(KERNEL) $(INITRD) tools/grub.cfg tools/mkiso
	$(Q)tools/mkiso $(KERNEL) $(INITRD) $@

# --- host unit tests (tests/host), under AddressSanitizer and UBSan ------
include tests/host/host.mk

run: all
	tools/qemu $(QEMUFLAGS)

check: all
	tests/harness

bench: all
	tools/bench

debug: all
	tools/debug

clean:
	rm -rf $(BUILD)

-include $(KOBJS:.o=.d)
