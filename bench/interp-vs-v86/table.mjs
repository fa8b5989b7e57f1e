// Formats the benchmark's table: one line per guest, MIPS for each emulator,
// tinyvm's ratios against both v86 modes, and why an emulator could not run a guest.

/**
 * @typedef {object} Row
 * @property {string} guest
 * @property {number} work            instructions of work (REP elements counted one each)
 * @property {number} tinyvmSeconds   tinyvm's best time (NaN when it failed)
 * @property {Partial<Record<'tinyvm' | 'v86-interp' | 'v86-jit', number>>} mips
 * @property {Partial<Record<string, string>>} failures  emulator -> reason
 */

const COLUMNS = ['guest', 'Minstr', 'tinyvm s', 'tinyvm MIPS', 'v86-interp MIPS', 'v86-jit MIPS', 'ratio-interp', 'ratio-jit'];

/** @param {Row[]} rows */
export function formatTable(rows) {
  const lines = [COLUMNS];
  const reasons = [];
  for (const row of rows) {
    const { tinyvm, 'v86-interp': interp, 'v86-jit': jit } = row.mips;
    lines.push([
      row.guest,
      (row.work / 1e6).toFixed(1),
      Number.isFinite(row.tinyvmSeconds) ? row.tinyvmSeconds.toFixed(2) : '-',
      mipsText(tinyvm, row.failures.tinyvm),
      mipsText(interp, row.failures['v86-interp']),
      mipsText(jit, row.failures['v86-jit']),
      ratioText(tinyvm, interp),
      ratioText(tinyvm, jit),
    ]);
    reasons.push(Object.entries(row.failures).map(([who, why]) => `${who} failed: ${why}`).join('; '));
  }
  const widths = COLUMNS.map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  return lines
    .map((cells, i) => {
      const text = cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
      const reason = i > 0 ? reasons[i - 1] : '';
      return reason ? `${text}  ${reason}` : text;
    })
    .join('\n');
}

/** A figure, 'failed' (the reason follows on the line), or '-' for an emulator not run. */
function mipsText(mips, failure) {
  if (failure !== undefined) return 'failed';
  return mips === undefined ? '-' : mips.toFixed(1);
}

function ratioText(a, b) {
  return a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`;
}

/** Geometric mean of positive numbers; NaN for none. */
export function geometricMean(values) {
  if (values.length === 0) return NaN;
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}
