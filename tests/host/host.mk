# tests/host/host.mk - build and run the host unit tests.
#
# Included by the top-level Makefile.  `make host-tests` compiles every
# tests/host/test_*.c, the framework (tests/host/test.c), every lib/*.c,
# every mm/*.c and the shim that stands in for the rest of the kernel
# (tests/host/shim/*.c) with the host compiler under AddressSanitizer and
# UBSan, links them into ONE binary, $(BUILD)/host/tests, and runs it.  It
# prints one "TEST host.<stem>.<name> PASS|FAIL" line per test and a
# closing "N passed, M failed"; make fails when any test failed.
#
#   make host-tests                       everything, default seed
#   TEST_SEED=123 make host-tests         reproduce a randomised failure
#   build/host/tests vsprintf             only tests whose name has "vsprintf"
#   TEST_NOFORK=1 gdb build/host/tests    debug in one process
#   HOST_PRINTK=1 build/host/tests buddy  also show what mm/ printk()s
#
# To add tests for lib/foo.c: write tests/host/test_foo.c with
#   #include "test.h"  and  #include "kernel_lib.h"
# and TEST(name) { ... } functions; nothing here needs to change, unless
# lib/foo.c defines a name the C library also has (the build says so; add
# it to HOST_KLIB_NAMES).  Every lib/*.c is linked into the binary, so
# each must build on the host on its own: pure C, no calls into kernel/.
#
# mm/*.c is linked in too (and the few pure driver files in HOST_DRV_SRC,
# drivers/tty/n_tty.c, built the same way), so tests for mm/foo.c work the same way (include
# <mneme/mm.h> and friends after kernel_lib.h, and "kernel_shim.h" for the
# printk capture).  mm/ calls a few kernel functions from outside mm/ and
# lib/ (printk, panic, dump_stack, ktime_get_ns, ...): tests/host/shim/
# kernel_shim.c provides host versions; a new one goes there.  See
# tests/host/shim/host_shim.h for the fake RAM behind __va() and its size
# limit, and shim/mneme/irqflags.h for interrupts.
#
# Each test runs in its own child process, and LeakSanitizer checks each
# at exit (about 40 ms a test); ASAN_OPTIONS=detect_leaks=0 skips that.

HOST_BUILD := $(BUILD)/host

# lib/ is the kernel's C library: it defines functions with the same names
# as the host's C library.  Linking both into one program would make the
# kernel's memcpy silently replace the host's everywhere (and the tests
# would compare the kernel against itself).  So lib/ is compiled with each
# of these names renamed to k_<name>; tests call k_memcpy() for the
# kernel's version and memcpy() for the C library's.  mm/ is compiled
# with the same renames, so its memset() calls lib/'s.  A lib/ or mm/
# function that clashes but is missing here stops the build (see names.ok
# below).
HOST_KLIB_NAMES := memcpy memmove memset memcmp strlen strnlen strcmp \
	strncmp strchr memchr strstr strlcpy vsnprintf snprintf vscnprintf \
	scnprintf
HOST_RENAMES := $(foreach n,$(HOST_KLIB_NAMES),-D$(n)=k_$(n))

# -fno-builtin: the kernel is built -ffreestanding, which implies it, and
# the tests must call the real functions rather than gcc's inline or
# constant-folded idea of strlen or snprintf.  -U_FORTIFY_SOURCE: some
# distributions turn fortification on by default, and its inline wrappers
# would stand between the tests and the C library functions they name.
HOST_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -fno-builtin \
	-U_FORTIFY_SOURCE -fno-strict-aliasing -fno-common \
	-Wall -Wextra -Werror -MMD -MP

# lib/ is built as for the kernel (same include paths, no loop-to-memset
# rewriting, unused parameters allowed) except for the renames.
HOST_LIB_CFLAGS := $(HOST_CFLAGS) -Wno-unused-parameter \
	-fno-tree-loop-distribute-patterns -Iinclude -Iarch/x86/include \
	$(HOST_RENAMES)

# The shim: tests/host/shim/ comes before include/, so its headers
# (mneme/irqflags.h: interrupts as a flag, not cli/sti) replace the
# kernel's, and its asm/processor.h stops any direct use of the CPU.
# host_shim.h is read before every file: it points PAGE_OFFSET at a
# buffer of fake RAM, so __va() and __pa() work on the host.
HOST_SHIM_DIR    := tests/host/shim
HOST_SHIM_CFLAGS := -I$(HOST_SHIM_DIR) -include $(HOST_SHIM_DIR)/host_shim.h

# mm/ is built like lib/ (renames included: its memset is lib/'s), through
# the shim.  The arch headers come after the system ones, as for the
# tests, so only shimmed or harmless <asm/...> headers are reachable.
# <mneme/compiler.h> is read first: on the host <stdint.h> brings in
# glibc's <sys/cdefs.h>, which may redefine __always_inline after the
# kernel's definition (same meaning) but not be redefined by it.
HOST_MM_CFLAGS := $(HOST_CFLAGS) -Wno-unused-parameter \
	-fno-tree-loop-distribute-patterns -include include/mneme/compiler.h \
	$(HOST_SHIM_CFLAGS) -Iinclude -idirafter arch/x86/include \
	$(HOST_RENAMES)

# Tests see the kernel's include/ (through the shim) and the generated
# kernel_names.h.  The arch headers come after the system ones
# (-idirafter) so that a kernel <asm/...> header can never stand in for
# the host's own <asm/...>, which glibc's <errno.h> and others include.
# The shim's .c files are built the same way: they are host code that
# calls the C library, and the kernel's k_ functions by their k_ names.
HOST_TEST_CFLAGS := $(HOST_CFLAGS) $(HOST_SHIM_CFLAGS) -Iinclude \
	-idirafter arch/x86/include -I$(HOST_BUILD)

HOST_LIB_SRC  := $(sort $(wildcard lib/*.c))
HOST_MM_SRC   := $(sort $(wildcard mm/*.c))
# Pure driver code built like mm/: the tty line discipline.
HOST_DRV_SRC  := drivers/tty/n_tty.c
HOST_TEST_SRC := $(sort $(wildcard tests/host/test_*.c)) tests/host/test.c \
	$(sort $(wildcard $(HOST_SHIM_DIR)/*.c))
HOST_LIB_OBJS  := $(HOST_LIB_SRC:%.c=$(HOST_BUILD)/obj/%.o)
HOST_MM_OBJS   := $(HOST_MM_SRC:%.c=$(HOST_BUILD)/obj/%.o) \
	$(HOST_DRV_SRC:%.c=$(HOST_BUILD)/obj/%.o)
HOST_TEST_OBJS := $(HOST_TEST_SRC:%.c=$(HOST_BUILD)/obj/%.o)
# What stands in for the kernel, checked for C library names below.
HOST_KERNEL_OBJS := $(HOST_LIB_OBJS) $(HOST_MM_OBJS) \
	$(filter $(HOST_BUILD)/obj/$(HOST_SHIM_DIR)/%,$(HOST_TEST_OBJS))

host-tests: $(HOST_BUILD)/tests
	$(HOST_BUILD)/tests

$(HOST_BUILD)/tests: $(HOST_TEST_OBJS) $(HOST_LIB_OBJS) $(HOST_MM_OBJS) \
		$(HOST_BUILD)/names.ok
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(HOST_TEST_OBJS) $(HOST_LIB_OBJS) \
		$(HOST_MM_OBJS)

$(HOST_LIB_OBJS): $(HOST_BUILD)/obj/%.o: %.c tests/host/host.mk
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_LIB_CFLAGS) -c $< -o $@

$(HOST_MM_OBJS): $(HOST_BUILD)/obj/%.o: %.c tests/host/host.mk
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_MM_CFLAGS) -c $< -o $@

$(HOST_TEST_OBJS): $(HOST_BUILD)/obj/%.o: %.c tests/host/host.mk \
		$(HOST_BUILD)/kernel_names.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_TEST_CFLAGS) -c $< -o $@

# The renames as a header, for tests/host/kernel_lib.h: included once to
# turn them on around the kernel headers, and once with KERNEL_NAMES_UNDO
# to turn them off.
$(HOST_BUILD)/kernel_names.h: tests/host/host.mk
	@mkdir -p $(@D)
	@{ echo '/* Generated from HOST_KLIB_NAMES in tests/host/host.mk. */'; \
	   echo '#ifndef KERNEL_NAMES_UNDO'; \
	   $(foreach n,$(HOST_KLIB_NAMES),echo '#define $(n) k_$(n)';) \
	   echo '#else'; \
	   $(foreach n,$(HOST_KLIB_NAMES),echo '#undef $(n)';) \
	   echo '#endif'; } > $@

# Refuse to link when lib/, mm/ or the shim defines a function the host C
# library also exports under a name not in HOST_KLIB_NAMES: it would
# quietly take the C library's place in the whole test binary.
HOST_LIBC = $(shell $(HOSTCC) -print-file-name=libc.so.6)

$(HOST_BUILD)/names.ok: $(HOST_KERNEL_OBJS)
	@nm -g --defined-only $(HOST_KERNEL_OBJS) | \
		awk 'NF == 3 { print $$3 }' | sort -u > $@.lib
	@if [ -f "$(HOST_LIBC)" ]; then \
		nm -D --defined-only "$(HOST_LIBC)" | \
		awk '{ sub(/@.*/, "", $$3); print $$3 }' | sort -u; \
	fi > $@.libc
	@clash=$$(comm -12 $@.lib $@.libc); \
	if [ -n "$$clash" ]; then \
		echo "host tests: lib/, mm/ or the shim define C library names:" $$clash; \
		echo "  add them to HOST_KLIB_NAMES in tests/host/host.mk"; \
		exit 1; \
	fi
	@touch $@

-include $(HOST_LIB_OBJS:.o=.d) $(HOST_MM_OBJS:.o=.d) $(HOST_TEST_OBJS:.o=.d)
