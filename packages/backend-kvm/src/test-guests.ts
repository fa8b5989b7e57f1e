/**
 * Tiny real-mode guests for the KVM tests, assembled from test-guests/*.asm
 * (guests.test.ts re-assembles them with nasm and compares). All are built
 * with `org 0x1000` and entered at 0000:1000.
 */
export const GUEST_ADDRESS = 0x1000;

function bytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!, (byte) => parseInt(byte, 16));
}

export const GUESTS = {
  'out-hlt': bytes('b041e6e9b042bae900eef4'),
  'in-mmio': bytes('e46088c3b800d08ed88b0e040041890e0800f4'),
  spin: bytes('ebfe'),
  'triple-fault': bytes('2e0f011e0910cd03f4000000000000'),
  'out-loop': bytes('ee664975fbf4'),
} as const;

export type GuestName = keyof typeof GUESTS;
