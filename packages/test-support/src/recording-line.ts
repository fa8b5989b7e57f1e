/**
 * An IRQ line (the `set(level)` wire every device package takes) that records
 * its level and counts rising edges, which is what an edge-triggered 8259A
 * input sees.
 */
export class RecordingLine {
  level = false;
  risingEdges = 0;

  set(level: boolean): void {
    if (level && !this.level) this.risingEdges++;
    this.level = level;
  }
}
