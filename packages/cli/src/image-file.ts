/**
 * Reading the guest image from disk, with one clear error per way it can fail.
 */
import { readFileSync, statSync } from 'node:fs';
import { ImageError } from '@tinyvm/core';
import { MAX_MEM_BYTES } from './args.js';
import { ImageFileError } from './errors.js';

export function readImage(path: string): Uint8Array {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new ImageFileError('image-not-a-file', `image "${path}" is a directory, not a file`);
    if (!stat.isFile()) throw new ImageFileError('image-not-a-file', `image "${path}" is not a regular file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof ImageFileError) throw error;
    throw fileError(path, error);
  }
  if (size === 0) throw new ImageError('image-empty', `image "${path}" is empty`);
  // Never read more than any guest could hold.
  if (size > MAX_MEM_BYTES) throw new ImageError('image-too-large', `image "${path}" (${size} bytes) is larger than any guest memory`);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw fileError(path, error);
  }
}

function fileError(path: string, error: unknown): ImageFileError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new ImageFileError('image-not-found', `image "${path}" does not exist`, { cause: error });
  if (code === 'EACCES') return new ImageFileError('image-unreadable', `image "${path}" is not readable (permission denied)`, { cause: error });
  const reason = error instanceof Error ? error.message : String(error);
  return new ImageFileError('image-unreadable', `cannot read image "${path}": ${reason}`, { cause: error });
}
