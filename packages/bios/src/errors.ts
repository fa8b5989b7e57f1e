/**
 * Errors the BIOS reports to the host (the guest gets CF and AH codes instead).
 */
import { TinyvmError } from '@tinyvm/core';

/** A disk image the BIOS cannot present as a drive. */
export class DiskImageError extends TinyvmError {
  constructor(code: 'disk-empty' | 'disk-bad-size' | 'disk-too-large' | 'disk-bad-geometry', message: string) {
    super(code, message);
  }
}

/** The BIOS could not start the boot sector. */
export class BootError extends TinyvmError {
  constructor(code: 'boot-no-drive' | 'boot-read-failed' | 'boot-no-signature', message: string) {
    super(code, message);
  }
}
