/**
 * The guests of the fallback tests, assembled from test-guests/*.asm (guests.test.ts
 * re-assembles them with nasm and compares). Built with `org 0x1000`, entered at 0000:1000.
 */
export const GUEST_ADDRESS = 0x1000;

function bytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!, (byte) => parseInt(byte, 16));
}

export const GUESTS = {
  'bcd-bound': bytes(
    'c70614004410c70616000000b00f2788c3b8090004083762064e10ba500062164e1050b800b88ed858b94f1f890e0000c70602004b1f8b2e0200b5002e8a0e4d10e6e9f4ba50012efe064d10cf0000010002',
  ),
  'port-io': bytes('bae900b84142efec88c3f4'),
  fpu: bytes('dbe3f4'),
} as const;

export type GuestName = keyof typeof GUESTS;
