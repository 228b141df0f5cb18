# tests/guest/guest.mk - build the in-guest test programs.
#
# Included by the top-level Makefile after user/user.mk (it reuses
# USER_CC and USER_CFLAGS).  Every tests/guest/*.c is one test program,
# built into $(BUILD)/tests/guest/<name>: a static musl binary that runs
# on the build machine and in Mneme.  tools/mkinitrd puts them in the
# initrd's /tests, where /bin/runtests finds them.

GUEST_BUILD := $(BUILD)/tests/guest
GUEST_SRC   := $(sort $(wildcard tests/guest/*.c))
GUEST_PROGS := $(GUEST_SRC:tests/guest/%.c=$(GUEST_BUILD)/%)

.PHONY: guest-tests
guest-tests: $(GUEST_PROGS)

$(GUEST_BUILD)/%: tests/guest/%.c tests/guest/guest.h tests/guest/guest_mem.h tests/guest/guest.mk
	@mkdir -p $(@D)
	@$(if $(Q),echo "  MUSLCC  $<")
	$(Q)$(USER_CC) $(USER_CFLAGS) -o $@ $<
