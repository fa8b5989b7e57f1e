import { describe, expect, it } from 'vitest';
import { RUN_LIMIT_MS, TEST_BACKENDS, guestBytes, reportSkippedBackends, screen, type TestPc } from './test-guest.js';
import type { Pc } from './pc.js';

reportSkippedBackends('services.test.ts');

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skipReason !== undefined)(`on ${backend.name}`, () => {
    const newPc = (disk: Uint8Array | undefined): TestPc => backend.pc(disk);

    const word = (pc: Pc, address: number) => pc.machine.memory.read16(address);
    const byte = (pc: Pc, address: number) => pc.machine.memory.read8(address);

    /** Boots `name` and runs it to its final `cli; hlt`. */
    function runGuest(name: string, disk = guestBytes(name)): Pc {
      const pc = newPc(disk);
      pc.boot();
      const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
      expect(result.stop).toBe('hlt');
      return pc;
    }

    describe('INT 10h text services', () => {
      it('sets the mode, moves and shapes the cursor, writes, reads and scrolls', () => {
        const pc = runGuest('video-text');
        expect(word(pc, 0x600)).toBe(0x5003); // AH=0Fh: 80 columns, mode 03h
        expect(byte(pc, 0x602)).toBe(0); // page 0
        expect(word(pc, 0x604)).toBe(0x050a); // AH=03h: row 5, column 10
        expect(word(pc, 0x606)).toBe(0x000f); // the shape AH=01h set
        expect(word(pc, 0x608)).toBe(0x1e41); // AH=08h after AH=09h: 'A' on 1Eh
        expect(word(pc, 0x60a)).toBe(0x1e42); // AH=0Ah kept the attribute
        expect(word(pc, 0x60c)).toBe(0x000c); // AH=13h moved the cursor after 12 characters
        expect(word(pc, 0x60e)).toBe(0x1a1a); // AX=1A00h: AL=1Ah
        expect(word(pc, 0x610)).toBe(0x0008); // VGA colour
        const rows = screen(pc);
        expect(rows[0]).toBe('Write string');
        expect(rows[5]).toBe('          BAA');
        // Rows 10-12, columns 0-9 scrolled up one line, the freed line blank in 70h.
        expect(rows.slice(10, 13)).toEqual(['line two', 'line three', '']);
        expect(pc.vga.bytes[(12 * 80 + 3) * 2 + 1]).toBe(0x70);
        expect(pc.vga.bytes[(12 * 80 + 10) * 2 + 1]).toBe(0x07); // outside the window
        // Rows 20-21 scrolled down: 'row twenty' moved to row 21.
        expect(rows[20]).toBe('');
        expect(rows[21]).toBe('row twenty');
        // The BDA keeps what software reads directly.
        expect(byte(pc, 0x449)).toBe(0x03);
        expect(word(pc, 0x44a)).toBe(80);
        expect(word(pc, 0x460)).toBe(0x000f);
        pc.dispose();
      });

      it('teletype output scrolls at the bottom, with backspace and carriage return', () => {
        const pc = runGuest('teletype-scroll');
        const rows = pc.vga.text({ trimEnd: true });
        expect(rows).toHaveLength(25);
        expect(rows[0]).toBe('Line 07');
        expect(rows[23]).toBe('Line 30');
        expect(rows[24]).toBe('ABCd');
        expect(pc.vga.cursor).toMatchObject({ row: 24, col: 3 });
        pc.dispose();
      });
    });

    describe('mode 13h', () => {
      it('draws into the A0000 framebuffer, with INT 10h pixels, DAC ports and retrace polling', () => {
        const pc = runGuest('mode13');
        expect(pc.videoMode).toBe(0x13);
        expect(word(pc, 0x600)).toBe(0x2813); // 40 columns, mode 13h
        // The square: colour 1 inside (100..109, 50..59), 0 just outside.
        for (const [x, y] of [[100, 50], [109, 59], [105, 55]]) expect(pc.pixel(x, y)).toBe(1);
        for (const [x, y] of [[99, 50], [110, 55], [105, 60], [105, 49]]) expect(pc.pixel(x, y)).toBe(0);
        // The diagonal drawn with AH=0Ch, read back with AH=0Dh.
        for (let i = 0; i < 20; i++) expect(pc.pixel(i, i)).toBe(2);
        expect(pc.pixel(1, 0)).toBe(0);
        expect(byte(pc, 0x602)).toBe(2);
        // DAC entry 2 written through 3C9h and read back through 3C7h/3C9h.
        expect([byte(pc, 0x603), byte(pc, 0x604), byte(pc, 0x605)]).toEqual([0, 63, 32]);
        expect(pc.graphics.dac.rgb(1)).toEqual([255, 0, 0]);
        pc.dispose();
      });
    });

    describe('text in mode 13h', () => {
      it('draws ROM 8x8 glyphs for teletype and AH=09h, and AX=1130h points at that font', () => {
        const pc = runGuest('mode13-text');
        const segment = word(pc, 0x602);
        const offset = word(pc, 0x600);
        expect(word(pc, 0x604)).toBe(8); // bytes per character in mode 13h
        expect(byte(pc, 0x606)).toBe(24); // rows - 1
        const glyph = (char: number) => Array.from({ length: 8 }, (_, row) => byte(pc, segment * 16 + offset + char * 8 + row));
        // Each glyph cell holds exactly the font's bits, in the colour asked for, the rest 0.
        const cell = (row: number, column: number) => Array.from({ length: 8 }, (_, y) => {
          let bits = 0;
          for (let x = 0; x < 8; x++) bits |= (pc.pixel(column * 8 + x, row * 8 + y) !== 0 ? 0x80 >> x : 0);
          return bits;
        });
        const colours = (row: number, column: number) => new Set(Array.from({ length: 64 }, (_, i) => pc.pixel(column * 8 + (i % 8), row * 8 + (i >> 3))));
        expect(glyph(0x48).some((b) => b !== 0)).toBe(true); // the font is there
        expect(cell(0, 0)).toEqual(glyph(0x48));
        expect(cell(0, 1)).toEqual(glyph(0x69));
        expect(colours(0, 0)).toEqual(new Set([0, 0x0e]));
        for (const column of [5, 6, 7]) expect(cell(2, column)).toEqual(glyph(0x58));
        expect(colours(2, 6)).toEqual(new Set([0, 0x0c]));
        expect(cell(2, 8)).toEqual(new Array(8).fill(0));
        pc.dispose();
      });
    });

    describe('INT 11h, 12h, 15h', () => {
      it('reports equipment, memory sizes, the E820 map, the configuration table and waits', () => {
        const start = performance.now();
        const pc = runGuest('system');
        const elapsed = performance.now() - start;
        // A hard disk only (no floppy bit), one serial port, 80x25 colour, FPU.
        expect(word(pc, 0x600)).toBe(0x0200 | 0x0020 | 0x0002);
        expect(word(pc, 0x602)).toBe(639);
        expect(word(pc, 0x604)).toBe(15 * 1024); // 16 MiB: 15 MiB above 1 MiB
        expect(word(pc, 0x606)).toBe(15 * 1024);
        expect(word(pc, 0x608)).toBe(0);
        expect(byte(pc, 0x60a)).toBe(0xfc);
        expect(word(pc, 0x60c)).toBe(4);
        const entry = (i: number) => {
          const at = 0x700 + i * 20;
          return [pc.machine.memory.read16(at) + pc.machine.memory.read16(at + 2) * 0x10000,
            pc.machine.memory.read16(at + 8) + pc.machine.memory.read16(at + 10) * 0x10000, byte(pc, at + 16)];
        };
        expect(entry(0)).toEqual([0, 0x9fc00, 1]);
        expect(entry(1)).toEqual([0x9fc00, 0x400, 2]);
        expect(entry(3)).toEqual([0x100000, 15 * 1024 * 1024, 1]);
        expect(word(pc, 0x60e)).toBe(0); // CF clear
        // INT 15h AH=86h waited 200 ms of host time (a load can only make it longer). It sleeps in
        // `sti; hlt` and is retried after each interrupt, so the guest saw at least one tick go by;
        // not 3.6: the PIT folds the ticks of a host that did not run the guest in time into one.
        expect(elapsed).toBeGreaterThanOrEqual(200);
        const ticks = word(pc, 0x610);
        expect(ticks).toBeGreaterThanOrEqual(1);
        expect(ticks).toBeLessThanOrEqual(Math.ceil(elapsed / 54.9) + 1);
        // INT 1Ah AH=04h: the host's date in BCD (the RTC follows the host clock).
        const today = new Date();
        const bcd = (n: number) => ((Math.floor(n / 10) % 10) << 4) | (n % 10);
        expect(word(pc, 0x616)).toBe(0); // CF clear
        expect(word(pc, 0x612)).toBe((bcd(Math.floor(today.getFullYear() / 100)) << 8) | bcd(today.getFullYear() % 100));
        expect(word(pc, 0x614)).toBe((bcd(today.getMonth() + 1) << 8) | bcd(today.getDate()));
        pc.dispose();
      });
    });

    describe('the run loop', () => {
    it('counts MMIO exits to unmapped memory (served inline by the interpreter) like Machine.run does', () => {
      const pc = newPc(guestBytes('mmio-hole'));
      pc.boot();
      const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
      expect(result.stop).toBe('hlt');
      expect(result.exits.byKind.mmio).toBe(2);
      expect(byte(pc, 0x600)).toBe(0xff);
      pc.dispose();
    });
  });

  describe('INT 15h AH=87h', () => {
    it('copies words above 1 MiB through the descriptor table', () => {
      const pc = runGuest('block-move');
      expect(word(pc, 0x600)).toBe(0x0000);
      expect(word(pc, 0x602)).toBe(0x1111);
      expect(word(pc, 0x604)).toBe(0x8888);
      expect(pc.machine.memory.read16(0x100000 + 14)).toBe(0x8888);
      pc.dispose();
    });
  });

  describe('INT 13h', () => {
      it('gives parameters, reads and writes by CHS and LBA, and reports errors with CF and AH', () => {
        const image = guestBytes('disk-calls');
        const pc = runGuest('disk-calls', image);
        expect(word(pc, 0x600)).toBe(0x003f); // last cylinder 0, 63 sectors
        expect(word(pc, 0x602)).toBe(0x0f01); // last head 15, one hard disk
        expect(word(pc, 0x604) >> 8).toBe(0x03); // a hard disk
        expect(word(pc, 0x606)).toBe(4); // 4 sectors
        expect(word(pc, 0x608)).toBe(0xaa55);
        expect(word(pc, 0x60a)).toBe(0x0001);
        expect(word(pc, 0x60c)).toBe(0x0000);
        expect(byte(pc, 0x1000)).toBe(0x22); // LBA 2
        expect(byte(pc, 0x11ff)).toBe(0x22);
        expect(word(pc, 0x60e)).toBe(0x0104); // past the end: CF, sector not found
        expect(word(pc, 0x616)).toBe(0x0404); // AH=01h: AL and AH = the last status
        expect(word(pc, 0x610)).toBe(0x0101); // AL=0: CF, bad command
        expect(word(pc, 0x612)).toBe(0xbeef); // written and read back
        expect([image[3 * 512], image[3 * 512 + 1]]).toEqual([0xef, 0xbe]); // in the image
        expect(word(pc, 0x614)).toBe(4); // AH=48h total sectors
        expect(word(pc, 0x618)).toBe(0x0101); // absent drive 81h
        expect(word(pc, 0x61a)).toBe(2); // 8 asked from LBA 2, 2 read
        pc.dispose();
      });
    });

    describe('INT 14h and the UART', () => {
      it('echoes serial input in upper case until a full stop, then reports on port E9h', () => {
        const pc = newPc(guestBytes('serial-echo'));
        pc.boot();
        // Until the guest polls for input (its second INT 14h call: AH=02h after the AH=00h set-up).
        pc.run({ timeoutMs: RUN_LIMIT_MS, until: () => (pc.bios.counters.calls.get(0x14) ?? 0) >= 2 });
        pc.serialInput([...Buffer.from('hello, vm.')]);
        const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
        expect(result.stop).toBe('hlt');
        expect(Buffer.from(pc.serialOut).toString()).toBe('HELLO, VMbye\r\n');
        expect(Buffer.from(pc.debugOut).toString()).toBe('done\n');
        pc.dispose();
      });
    });

    describe('the timer', () => {
      it('ticks at 18.2 Hz into 0040:006C and INT 1Ch while the guest spins without exits', () => {
        const pc = newPc(guestBytes('spin-timer'));
        pc.boot();
        const start = performance.now();
        const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
        const elapsed = performance.now() - start;
        expect(result.stop).toBe('hlt');
        expect(word(pc, 0x602)).toBe(5);
        // INT 1Ch ran on every tick the guest counted (and perhaps the one in flight).
        expect(word(pc, 0x600)).toBeGreaterThanOrEqual(5);
        expect(word(pc, 0x600)).toBeLessThanOrEqual(6);
        // Five ticks of 54.9 ms take at least four full periods (a lower bound: load only adds time).
        expect(elapsed).toBeGreaterThan(4 * 54.9);
        // The only exits are the BIOS's own (INT 08h traps and the final HLT): the loop made none.
        expect(result.exits.byKind.io).toBeLessThanOrEqual(2 * 7);
        pc.dispose();
      });
    });

    describe('INT 1Ah setting the clock', () => {
      it('sets the tick count, the RTC date and time (in BCD, through the CMOS registers, binary mode too)', () => {
        const before = Date.now();
        const pc = runGuest('rtc-set');
        expect(word(pc, 0x600)).toBe(0x0012); // AH=01h then AH=00h with interrupts off: exactly what was set
        expect(word(pc, 0x602)).toBe(0x3456);
        expect(word(pc, 0x604)).toBe(0); // AH=05h: CF clear
        expect(word(pc, 0x606)).toBe(0); // AH=03h: CF clear
        expect(word(pc, 0x608)).toBe(0x2031); // AH=04h: century, year
        expect(word(pc, 0x60a)).toBe(0x0704); // month, day
        expect(word(pc, 0x60c)).toBe(0x1234); // AH=02h: hours, minutes
        const seconds = byte(pc, 0x60f); // BCD seconds since 12:34:00 (the clock runs on)
        expect(seconds & 0x0f).toBeLessThan(10);
        expect(seconds >> 4).toBeLessThan(6);
        expect(byte(pc, 0x60e)).toBe(1); // DL: daylight saving, as set
        expect(byte(pc, 0x610)).toBe(0x12); // the RTC's hours register, BCD
        expect(byte(pc, 0x611)).toBe(0x03); // register B: 24-hour, DSE; SET released
        expect(byte(pc, 0x612)).toBe(23); // binary mode: the BIOS converted 23h to 23
        expect(word(pc, 0x614)).toBe(0x2345); // and reads it back in BCD
        // The host sees the guest's clock: 2031-07-04 23:45, running on from there.
        const guestTime = pc.cmos.guestTime();
        expect(guestTime.toISOString().slice(0, 16)).toBe('2031-07-04T23:45');
        expect(guestTime.getUTCSeconds()).toBeLessThanOrEqual(Math.ceil((Date.now() - before) / 1000));
        pc.dispose();
      });
    });

    describe('INT 13h DMA boundary', () => {
      const floppy = (): Uint8Array => {
        const image = new Uint8Array(1440 * 1024);
        image.set(guestBytes('floppy-dma'));
        return image;
      };

      it('refuses floppy transfers whose buffer crosses 64 KiB with AH=09h, moving nothing', () => {
        const pc = runGuest('floppy-dma', floppy());
        expect(pc.bootDrive).toBe(0x00);
        expect(word(pc, 0x600)).toBe(0x0900); // AH=09h, AL=0 sectors
        expect(word(pc, 0x602)).toBe(0xffff); // CF
        expect(word(pc, 0x604) >> 8).toBe(0x09); // AH=01h: the last status
        expect(word(pc, 0x60e)).toBe(0xbeef); // the buffer was left alone
        expect(word(pc, 0x606)).toBe(0x0001); // up to the boundary exactly: fine
        expect(word(pc, 0x608)).toBe(0);
        expect(word(pc, 0x1fe00)).toBe(word(pc, 0x7c00)); // sector 1 is the boot sector
        expect(word(pc, 0x60a)).toBe(0x0900); // the write across 10000h too
        expect(word(pc, 0x60c)).toBe(0xffff);
        pc.dispose();
      });

      it('lets the same transfers through on a hard disk (no DMA)', () => {
        const image = new Uint8Array(8 * 512);
        image.set(guestBytes('floppy-dma'));
        const pc = runGuest('floppy-dma', image);
        expect(pc.bootDrive).toBe(0x80);
        expect(word(pc, 0x600)).toBe(0x0001);
        expect(word(pc, 0x602)).toBe(0);
        expect(word(pc, 0x60e)).toBe(word(pc, 0x7c00)); // the boot sector, read across 20000h
        expect(word(pc, 0x60a)).toBe(0x0002);
        expect(word(pc, 0x60c)).toBe(0);
        // The two sectors written are the guest's memory from 0000:FF00.
        expect(Array.from(image.subarray(1024, 1024 + 16))).toEqual(Array.from(pc.machine.memory.view(0xff00, 16)));
        pc.dispose();
      });
    });

    describe('INT 10h 40-column text', () => {
      it('modes 00h and 01h: 40 columns, teletype wrapping and scrolling at 40, the CRTC offset at 20', () => {
        const pc = runGuest('text40');
        expect(word(pc, 0x600)).toBe(0x2800);
        expect(word(pc, 0x602)).toBe(0x2801);
        expect(word(pc, 0x604)).toBe(0x0105); // 45 characters: row 1, column 5
        expect(byte(pc, 0x606)).toBe(20);
        expect(word(pc, 0x44a)).toBe(40);
        expect(word(pc, 0x44c)).toBe(0x800);
        // The page read as 40 columns (cells at B8000 + (row × 40 + column) × 2).
        const row = (r: number) => Array.from({ length: 40 }, (_, c) => String.fromCharCode(pc.vga.bytes[(r * 40 + c) * 2])).join('').trimEnd();
        expect(row(0)).toBe('ABCDE'); // row 1 before the scroll
        expect(row(23)).toBe('bottom');
        expect(row(24)).toBe('');
        expect(word(pc, 0x450)).toBe(0x1800); // BDA cursor: row 24, column 0
        expect(pc.vga.crtc.cursorLocation).toBe(24 * 40); // the CRTC counts 40 cells a row
        expect(pc.textRows()[23]).toBe('bottom');
        expect(pc.textRows()[0]).toBe('ABCDE');
        pc.dispose();
      });
    });

    describe('INT 16h in a game loop timed by INT 1Ah', () => {
      it('moves a star every tick, polls keys with AH=01h and quits on q', () => {
        // Waits for what the guest shows, never for an amount of time: each run goes on until the
        // screen changes as expected (RUN_LIMIT_MS only bounds a broken run).
        const pc = newPc(guestBytes('game-loop'));
        pc.boot();
        const star = (): { row: number; col: number } => {
          const rows = screen(pc);
          const row = rows.findIndex((r) => r.includes('*'));
          return { row, col: row < 0 ? -1 : rows[row].indexOf('*') };
        };
        // The first frames: the star on row 12, moving along it one column per tick.
        pc.run({ timeoutMs: RUN_LIMIT_MS, until: () => star().row === 12 && star().col >= 2 });
        expect(star().row).toBe(12);
        expect(star().col).toBeGreaterThanOrEqual(2);
        // 'u' (INT 09h into the buffer, seen by AH=01h, taken by AH=00h) moves it up a row at the next frame.
        pc.keyboard.type('u');
        pc.run({ timeoutMs: RUN_LIMIT_MS, until: () => star().row === 11 });
        expect(star().row).toBe(11);
        pc.keyboard.type('q');
        const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
        expect(result.stop).toBe('hlt');
        const rows = pc.vga.text({ trimEnd: true });
        expect(rows[24]).toBe('Game over');
        // One frame per tick the guest saw: the star stands in column frames mod 80, and there were
        // no more frames than INT 08h ticks the BIOS counted (how many depends on the host's speed).
        const frames = word(pc, 0x600);
        expect(star()).toEqual({ row: 11, col: frames % 80 });
        expect(frames).toBeGreaterThanOrEqual(3);
        expect(frames).toBeLessThanOrEqual(pc.bios.counters.calls.get(0x08) ?? 0);
        pc.dispose();
      });
    });
  });
}
