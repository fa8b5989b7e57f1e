/**
 * Test helper: compiles a C program against the system's kernel headers with
 * `cc` and runs it, so tests can compare this package's ABI knowledge with the
 * kernel's own. Not part of the build (test-*.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why C programs cannot be built here, or undefined when they can. */
export const noCompilerReason: string | undefined = (() => {
  const probe = spawnSync('cc', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'no C compiler (`cc`) on this machine';
  const header = spawnSync('cc', ['-E', '-x', 'c', '-'], { input: '#include <linux/kvm.h>\n', encoding: 'utf8' });
  if (header.status !== 0) return 'the kernel headers (<linux/kvm.h>) are not installed';
  return undefined;
})();

/** Compiles `source` and runs it with `stdin`; returns its stdout. Throws with the compiler's output on failure. */
export function runC(source: string, stdin = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'tinyvm-kvm-abi-'));
  try {
    const file = join(dir, 'probe.c');
    const binary = join(dir, 'probe');
    writeFileSync(file, source);
    const compile = spawnSync('cc', ['-std=gnu11', '-Wall', '-Werror', '-o', binary, file], { encoding: 'utf8' });
    if (compile.status !== 0) throw new Error(`cc failed:\n${compile.stderr}`);
    return execFileSync(binary, { input: stdin, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints `label value` lines from C expressions; returns them as a map. */
export function evaluateC(includes: string, expressions: readonly (readonly [label: string, expression: string])[]): Map<string, number> {
  const lines = expressions
    .map(([label, expression]) => `  printf("%s %llu\\n", ${JSON.stringify(label)}, (unsigned long long)(${expression}));`)
    .join('\n');
  const output = runC(`${includes}\n#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n${lines}\n  return 0;\n}\n`);
  const values = new Map<string, number>();
  for (const line of output.trim().split('\n')) {
    const [label, value] = line.split(' ');
    values.set(label, Number(value));
  }
  return values;
}

export function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
