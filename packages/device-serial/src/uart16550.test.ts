import { describe, expect, it } from 'vitest';
import { Bus } from '@tinyvm/core';
import { RecordingLine } from '@tinyvm/test-support';
import { attachUart, FIFO_SIZE, Uart16550 } from './uart16550.js';

const COM1 = 0x3f8;
const THR = COM1, RBR = COM1, DLL = COM1, DLM = COM1 + 1, IER = COM1 + 1, IIR = COM1 + 2, FCR = COM1 + 2;
const LCR = COM1 + 3, MCR = COM1 + 4, LSR = COM1 + 5, MSR = COM1 + 6, SCR = COM1 + 7;

function pc() {
  const output: number[] = [];
  const irq = new RecordingLine();
  const uart = new Uart16550({ sink: { write: (bytes) => output.push(...bytes) }, irq });
  const io = new Bus('io', 0x10000);
  attachUart(io, uart);
  const out = (port: number, value: number) => io.write(port, 1, value);
  const inb = (port: number) => io.read(port, 1);
  const text = () => String.fromCharCode(...output);
  /** What Linux's 8250 driver and most BIOSes do: 115200 8N1, FIFOs on, DTR/RTS/OUT2. */
  const setup8n1 = (fcr = 0xc7) => {
    out(IER, 0x00);
    out(LCR, 0x80); // DLAB
    out(DLL, 0x01); // divisor 1: 115200
    out(DLM, 0x00);
    out(LCR, 0x03); // 8N1
    out(FCR, fcr);
    out(MCR, 0x0b);
  };
  /** Polled output as a boot loader does it: wait for THRE, write THR. */
  const print = (s: string) => {
    for (const ch of s) {
      while (!(inb(LSR) & 0x20));
      out(THR, ch.charCodeAt(0));
    }
  };
  return { uart, io, out, inb, output, text, irq, setup8n1, print };
}

describe('Uart16550 transmit', () => {
  it('sends polled output to the sink after an 8N1 setup', () => {
    const { uart, inb, text, setup8n1, print } = pc();
    setup8n1();
    expect(uart.baudRate).toBe(115200);
    print('Hello, COM1!\r\n');
    expect(text()).toBe('Hello, COM1!\r\n');
    expect(inb(LSR)).toBe(0x60); // THR empty, transmitter idle, no data
    expect(uart.counters.txBytes).toBe(14);
  });

  it('shows the divisor latch instead of RBR/IER while DLAB is set', () => {
    const { out, inb, uart } = pc();
    out(IER, 0x05);
    out(LCR, 0x83);
    out(DLL, 0x0c);
    out(DLM, 0x00);
    expect(inb(DLL)).toBe(0x0c);
    expect(inb(DLM)).toBe(0x00);
    expect(uart.baudRate).toBe(9600);
    out(LCR, 0x03);
    expect(inb(IER)).toBe(0x05);
    expect(inb(LCR)).toBe(0x03);
  });

  it('sets the whole divisor with one word OUT to the latch (DLL, then DLM)', () => {
    const { io, out, uart } = pc();
    out(LCR, 0x83);
    io.write(DLL, 2, 0x0180); // divisor 384
    expect(uart.baudRate).toBe(300);
    expect(io.read(DLL, 2)).toBe(0x0180);
  });

  it('raises the THR empty interrupt when enabled and after each byte, cleared by reading IIR', () => {
    const { out, inb, irq, setup8n1 } = pc();
    setup8n1();
    out(IER, 0x02);
    expect(irq.level).toBe(true);
    expect(inb(IIR)).toBe(0xc2);
    expect(irq.level).toBe(false);
    expect(inb(IIR)).toBe(0xc1); // nothing pending
    out(THR, 0x41);
    expect(irq.level).toBe(true);
    expect(irq.risingEdges).toBe(2);
  });

  it('keeps the IRQ line low without OUT2, as a PC serial card does', () => {
    const { out, inb, irq, setup8n1 } = pc();
    setup8n1();
    out(MCR, 0x03); // DTR, RTS, no OUT2
    out(IER, 0x02);
    expect(irq.level).toBe(false);
    expect(inb(IIR)).toBe(0xc2);
  });
});

describe('Uart16550 receive', () => {
  it('receives host bytes by polling LSR data ready', () => {
    const { uart, inb, setup8n1 } = pc();
    setup8n1();
    expect(uart.enqueue(new TextEncoder().encode('abc'))).toBe(3);
    const got: number[] = [];
    while (inb(LSR) & 0x01) got.push(inb(RBR));
    expect(String.fromCharCode(...got)).toBe('abc');
  });

  it('raises the RX interrupt: timeout below the trigger level, data available at it', () => {
    const { uart, out, inb, irq, setup8n1 } = pc();
    setup8n1(0xc7); // FIFOs on, trigger 14
    out(IER, 0x01);
    uart.enqueue([1, 2, 3]);
    expect(irq.level).toBe(true);
    expect(inb(IIR)).toBe(0xcc); // character timeout
    uart.enqueue(new Array(11).fill(4));
    expect(inb(IIR)).toBe(0xc4); // received data available
    for (let i = 0; i < 14; i++) inb(RBR);
    expect(irq.level).toBe(false);
    expect(inb(IIR)).toBe(0xc1);
  });

  it('delivers more bytes than the FIFO holds, in order, as the guest reads', () => {
    const { uart, inb, setup8n1 } = pc();
    setup8n1();
    const input = Array.from({ length: 40 }, (_, i) => i + 0x30);
    uart.enqueue(input);
    expect(uart.pendingInput).toBe(40);
    const got: number[] = [];
    while (inb(LSR) & 0x01) got.push(inb(RBR));
    expect(got).toEqual(input);
  });

  it('takes a pasted megabyte and delivers it in order in linear time', () => {
    const { uart, inb, setup8n1 } = pc();
    setup8n1();
    const input = new Uint8Array(1024 * 1024).map((_, i) => (i * 7) & 0xff);
    expect(uart.enqueue(input)).toBe(input.length);
    // The host queue is full (HOST_QUEUE_LIMIT) but for the bytes the FIFO took.
    expect(uart.enqueue(new Uint8Array(FIFO_SIZE + 1).fill(0xee))).toBe(FIFO_SIZE);
    let mismatches = 0;
    for (let i = 0; i < input.length; i++) if (uart.read(0, 1) !== input[i]) mismatches++;
    expect(mismatches).toBe(0);
    for (let i = 0; i < FIFO_SIZE; i++) expect(uart.read(0, 1)).toBe(0xee);
    expect(inb(LSR) & 0x01).toBe(0);
  });

  it('holds one byte at a time in 16450 mode (FIFOs off) without losing host input', () => {
    const { uart, inb, out, setup8n1 } = pc();
    setup8n1(0x00);
    uart.enqueue([10, 20, 30]);
    expect(inb(IIR)).toBe(0x01); // no FIFO bits
    const got: number[] = [];
    while (inb(LSR) & 0x01) got.push(inb(RBR));
    expect(got).toEqual([10, 20, 30]);
    out(FCR, 0x01);
    expect(inb(IIR) & 0xc0).toBe(0xc0);
  });

  it('empties the receive FIFO on FCR clear', () => {
    const { uart, out, inb, setup8n1 } = pc();
    setup8n1();
    uart.enqueue([1, 2, 3]);
    out(FCR, 0xc3);
    expect(inb(LSR) & 0x01).toBe(0);
  });
});

describe('Uart16550 loopback, modem lines and interrupt priority', () => {
  it('loops THR back to RBR and the modem outputs to the inputs', () => {
    const { out, inb, output, setup8n1 } = pc();
    setup8n1();
    out(MCR, 0x1b); // loop, OUT2, RTS, DTR
    out(THR, 0x78);
    expect(output).toEqual([]);
    expect(inb(LSR) & 0x01).toBe(1);
    expect(inb(RBR)).toBe(0x78);
    // CTS <- RTS, DSR <- DTR, DCD <- OUT2; RI <- OUT1 is off.
    expect(inb(MSR) & 0xf0).toBe(0xb0);
    out(MCR, 0x1f); // OUT1 on too
    expect(inb(MSR) & 0xf0).toBe(0xf0);
  });

  it('reports line status, then data, then THR empty, then modem status', () => {
    const { out, inb, irq, setup8n1 } = pc();
    setup8n1(0x00); // no FIFO: one byte holds
    out(MCR, 0x19); // loopback with OUT2 and DTR: CTS (from RTS) drops, a modem status change
    out(THR, 1);
    out(THR, 2); // overrun
    out(IER, 0x0f);
    expect(irq.level).toBe(true);
    expect(inb(IIR)).toBe(0x06); // receiver line status
    expect(inb(LSR) & 0x03).toBe(0x03); // data ready, overrun (cleared by this read)
    expect(inb(IIR)).toBe(0x04); // received data
    expect(inb(RBR)).toBe(2); // 16450 mode: the new byte overwrote RBR
    expect(inb(IIR)).toBe(0x02); // THR empty (cleared by this read)
    expect(inb(IIR)).toBe(0x00); // modem status
    expect(inb(MSR)).toBe(0xa0 | 0x01); // DSR, DCD; delta CTS
    expect(inb(IIR)).toBe(0x01);
    expect(irq.level).toBe(false);
  });

  it('sets delta bits when the host changes modem lines', () => {
    const { uart, out, inb, setup8n1 } = pc();
    setup8n1();
    expect(inb(MSR)).toBe(0xb0);
    out(IER, 0x08);
    uart.setModemLines({ dcd: false, ri: true });
    expect(inb(IIR)).toBe(0xc0);
    expect(inb(MSR)).toBe(0x30 | 0x40 | 0x08); // CTS, DSR, RI; delta DCD
    uart.setModemLines({ ri: false });
    expect(inb(MSR) & 0x0f).toBe(0x04); // trailing edge of RI
  });

  it('keeps the scratch register', () => {
    const { out, inb } = pc();
    out(SCR, 0x5a);
    expect(inb(SCR)).toBe(0x5a);
  });

  it('never throws on arbitrary guest input', () => {
    const { uart, io } = pc();
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 20000; i++) {
      const port = COM1 + (random() & 7);
      if (random() & 1) io.write(port, ([1, 2, 4] as const)[random() % 3], random() * 0x01010101);
      else io.read(port, ([1, 2, 4] as const)[random() % 3]);
      if ((random() & 15) === 0) uart.enqueue([random()]);
    }
    expect(uart.pendingInput).toBeLessThanOrEqual(20000);
  });

  it('saves and restores settings and unread input', () => {
    const a = pc();
    a.setup8n1();
    a.out(IER, 0x01);
    a.uart.enqueue([7, 8]);
    const saved = JSON.parse(JSON.stringify(a.uart.saveState()));
    const b = pc();
    b.uart.restoreState(saved);
    expect(b.irq.level).toBe(true);
    expect(b.uart.baudRate).toBe(115200);
    expect([b.inb(RBR), b.inb(RBR)]).toEqual([7, 8]);
    b.uart.reset();
    expect(b.inb(LCR)).toBe(0x03);
    expect(b.irq.level).toBe(false);
  });
});
