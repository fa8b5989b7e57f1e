/**
 * --stats: exits counted by kind, by I/O port (and direction) and by MMIO
 * address, from the exits the backend returned, printed as a histogram with
 * the busiest entries first.
 */
import type { ExitReason } from '@tinyvm/core';

export interface ExitHistogram {
  /** "in 0x0060" → count. */
  ports: Map<string, number>;
  /** "write 0x000b8000" → count. */
  addresses: Map<string, number>;
}

export function emptyHistogram(): ExitHistogram {
  return { ports: new Map(), addresses: new Map() };
}

export function countExit(histogram: ExitHistogram, exit: ExitReason): void {
  if (exit.kind === 'io') {
    const key = `${exit.direction} 0x${exit.port.toString(16).padStart(4, '0')}`;
    histogram.ports.set(key, (histogram.ports.get(key) ?? 0) + exit.count);
  } else if (exit.kind === 'mmio') {
    const key = `${exit.write ? 'write' : 'read'} 0x${exit.address.toString(16).padStart(8, '0')}`;
    histogram.addresses.set(key, (histogram.addresses.get(key) ?? 0) + 1);
  }
}

const BAR_WIDTH = 30;
const TOP = 10;

/** Lines of a bar chart: label, count, bar scaled to the largest count. Top 10, then "… N more". */
export function histogramLines(title: string, counts: ReadonlyMap<string, number> | Readonly<Record<string, number | undefined>>): string[] {
  const entries = (counts instanceof Map ? [...counts.entries()] : Object.entries(counts).map(([k, v]) => [k, v ?? 0] as [string, number]))
    .filter(([, n]) => n > 0)
    .sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb));
  if (entries.length === 0) return [];
  const max = entries[0][1];
  const labelWidth = Math.max(...entries.slice(0, TOP).map(([k]) => k.length));
  const countWidth = String(max).length;
  const lines = [`${title}:`];
  for (const [label, n] of entries.slice(0, TOP)) {
    const bar = '#'.repeat(Math.max(1, Math.round((n / max) * BAR_WIDTH)));
    lines.push(`  ${label.padEnd(labelWidth)}  ${String(n).padStart(countWidth)}  ${bar}`);
  }
  if (entries.length > TOP) lines.push(`  … ${entries.length - TOP} more`);
  return lines;
}
