/** Where Ctrl-A S saves: tinyvm-screenshot-N.png in `folder`, the first N not taken (never overwrites). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function nextScreenshotPath(folder: string): string {
  for (let n = 1; ; n++) {
    const path = join(folder, `tinyvm-screenshot-${n}.png`);
    if (!existsSync(path)) return path;
  }
}
