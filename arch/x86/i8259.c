/*
 * arch/x86/i8259.c - the two cascaded 8259A interrupt controllers and the
 * IRQ handler table.
 *
 * At power-on the PICs deliver IRQ 0..7 on vectors 8..15, which collide
 * with CPU exceptions, so we reprogram them to IRQ0_VECTOR (32)..47.  All
 * lines start masked; request_irq() unmasks one.  After a handler runs we
 * send end-of-interrupt to the PIC(s) involved.  Spurious IRQ 7/15 (the
 * in-service bit is clear) get no EOI to that PIC, as the 8259A data
 * sheet requires.  Linux: arch/x86/kernel/i8259.c, kernel/irq/.
 */
#include <asm/io.h>
#include <asm/processor.h>
#include <mneme/irq.h>
#include <mneme/kernel.h>
#include <mneme/printk.h>
#include <uapi/errno.h>

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define PIC_CASCADE_IRQ	2

#define ICW1_INIT_ICW4	0x11	/* edge triggered, cascade, ICW4 follows */
#define ICW4_8086	0x01
#define OCW2_EOI	0x20
#define OCW3_READ_ISR	0x0b

struct irq_desc {
	irq_handler_t handler;
	const char *name;
	u64 count;
};

static struct irq_desc irq_descs[NR_IRQS];
static u16 irq_mask = 0xffff;	/* bit set: line masked */

static void pic_write_mask(void)
{
	outb(PIC1_DATA, irq_mask & 0xff);
	outb(PIC2_DATA, irq_mask >> 8);
}

void init_pic(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	io_delay();
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	io_delay();
	outb(PIC1_DATA, IRQ0_VECTOR);		/* ICW2: vector base */
	io_delay();
	outb(PIC2_DATA, IRQ0_VECTOR + 8);
	io_delay();
	outb(PIC1_DATA, 1 << PIC_CASCADE_IRQ);	/* ICW3: slave on IRQ 2 */
	io_delay();
	outb(PIC2_DATA, PIC_CASCADE_IRQ);
	io_delay();
	outb(PIC1_DATA, ICW4_8086);
	io_delay();
	outb(PIC2_DATA, ICW4_8086);
	io_delay();
	irq_mask = 0xffff & ~(1 << PIC_CASCADE_IRQ);
	pic_write_mask();
}

int request_irq(unsigned int irq, irq_handler_t handler, const char *name)
{
	unsigned long flags;

	if (irq >= NR_IRQS || irq == PIC_CASCADE_IRQ)
		return -EINVAL;
	if (irq_descs[irq].handler)
		return -EBUSY;
	flags = local_irq_save();
	irq_descs[irq].handler = handler;
	irq_descs[irq].name = name;
	irq_mask &= ~(1 << irq);
	pic_write_mask();
	local_irq_restore(flags);
	return 0;
}

static bool irq_in_service(unsigned int irq)
{
	u16 port = irq < 8 ? PIC1_CMD : PIC2_CMD;

	outb(port, OCW3_READ_ISR);
	return inb(port) & (1 << (irq & 7));
}

void do_irq(unsigned int irq)
{
	struct irq_desc *desc = &irq_descs[irq];

	if ((irq == 7 || irq == 15) && !irq_in_service(irq)) {
		if (irq == 15)		/* the master did see the cascade */
			outb(PIC1_CMD, OCW2_EOI);
		return;
	}
	desc->count++;
	if (desc->handler)
		desc->handler(irq);
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}

u64 irq_count(unsigned int irq)
{
	return irq < NR_IRQS ? irq_descs[irq].count : 0;
}
