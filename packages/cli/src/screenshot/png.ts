/**
 * Screenshots as PNG files (pngjs's synchronous encoder: a screenshot is taken
 * between two slices of guest time, and the file must be complete when the
 * command returns).
 */
import { writeFileSync } from 'node:fs';
import pngjs from 'pngjs';
import { TinyvmError } from '@tinyvm/core';
import type { ScreenFrame } from '../screen/frame.js';
import { rasterize, type RgbaImage } from './rasterize.js';

/** The screenshot file could not be written. */
export class ScreenshotError extends TinyvmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('screenshot-failed', message, options);
  }
}

export function encodePng(image: RgbaImage): Buffer {
  const png = new pngjs.PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return pngjs.PNG.sync.write(png);
}

/** Draws the frame and writes it to `path`; throws ScreenshotError with the reason. */
export function writeScreenshot(path: string, frame: ScreenFrame): void {
  const bytes = encodePng(rasterize(frame));
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message;
    throw new ScreenshotError(`cannot write the screenshot "${path}": ${reason}`, { cause: error });
  }
}
