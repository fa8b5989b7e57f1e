// Test helper (not built): a minimal terminal that applies what the renderers
// send (cursor moves, clears, SGR colours, characters) to a grid, so tests can
// assert what a person would see rather than the escape bytes.
export interface ModelCell {
  ch: string;
  sgr: string;
}

export class TerminalModel {
  readonly grid: ModelCell[][];
  row = 0;
  col = 0;
  cursorVisible = true;
  #sgr = '';

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    this.grid = Array.from({ length: rows }, () => Array.from({ length: columns }, () => ({ ch: ' ', sgr: '' })));
  }

  write(data: string): void {
    const re = /\x1b\[([0-9;?]*) ?([A-Za-z])|\x1b([78])|([^\x1b])/gsu;
    let saved = { row: 0, col: 0 };
    for (const m of data.matchAll(re)) {
      if (m[4] !== undefined) {
        if (this.row < this.rows && this.col < this.columns) this.grid[this.row][this.col] = { ch: m[4], sgr: this.#sgr };
        this.col++;
      } else if (m[3] === '7') saved = { row: this.row, col: this.col };
      else if (m[3] === '8') ({ row: this.row, col: this.col } = saved);
      else {
        const [params, final] = [m[1], m[2]];
        if (final === 'H') {
          const [r, c] = params === '' ? [1, 1] : params.split(';').map(Number);
          this.row = (r || 1) - 1;
          this.col = (c || 1) - 1;
        } else if (final === 'J' && params === '2') {
          for (const line of this.grid) for (let i = 0; i < line.length; i++) line[i] = { ch: ' ', sgr: '' };
        } else if (final === 'K') {
          for (let i = 0; i < this.columns; i++) this.grid[this.row][i] = { ch: ' ', sgr: '' };
        } else if (final === 'm') {
          this.#sgr = params === '0' || params === '' ? '' : params;
        } else if (final === 'h' && params === '?25') this.cursorVisible = true;
        else if (final === 'l' && params === '?25') this.cursorVisible = false;
      }
    }
  }

  text(): string[] {
    return this.grid.map((line) => line.map((c) => c.ch).join(''));
  }
}
