# user/user.mk - build the user programs.
#
# Included by the top-level Makefile.  Every user/*.c is one program,
# built with musl-gcc -static into $(BUILD)/user/<name>: an ordinary
# static Linux x86_64 binary (DESIGN.md, principle 2), so it runs on the
# build machine as well as in Mneme.  -Wall -Wextra -Werror as for the
# kernel.  tools/mkinitrd puts init at /sbin/init and the others in /bin.

USER_CC     := musl-gcc
USER_CFLAGS := -static -O2 -std=gnu11 -Wall -Wextra -Werror
USER_BUILD  := $(BUILD)/user
USER_SRC    := $(sort $(wildcard user/*.c))
USER_PROGS  := $(USER_SRC:user/%.c=$(USER_BUILD)/%)

user: $(USER_PROGS)

$(USER_BUILD)/%: user/%.c user/user.mk
	@mkdir -p $(@D)
	@$(if $(Q),echo "  MUSLCC  $<")
	$(Q)$(USER_CC) $(USER_CFLAGS) -o $@ $<
