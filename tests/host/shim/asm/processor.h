/*
 * tests/host/shim/asm/processor.h - stops the host build of anything that
 * reaches for the CPU directly: its cli, sti and mov-to-cr would fault in
 * a user process.  mm/ turns interrupts off through <mneme/irqflags.h>
 * (shimmed next door); anything else belongs behind an include/mneme/
 * interface with a shim of its own here.
 */
#error "asm/processor.h in a host-compiled file: use <mneme/irqflags.h> (see tests/host/shim/)"
