import { display, type DisplayHandle } from "../../display/index.js";

/** A one-line progress display for a long read, updated in place (a notebook output, or text). */
export class CsvProgress {
  private handle: DisplayHandle | undefined;
  private lastShown = -1;

  constructor(
    private readonly label: string,
    private readonly totalBytes: number,
  ) {}

  update(bytes: number, rows: number): void {
    const pct = Math.floor((100 * bytes) / Math.max(1, this.totalBytes));
    if (pct < this.lastShown + 5 && pct < 100) return;
    this.lastShown = pct;
    const text = `${this.label}: ${pct}% (${mb(bytes)} of ${mb(this.totalBytes)} MB, ${rows.toLocaleString("en-US")} rows)`;
    if (!this.handle) this.handle = display(text, { displayId: true }) as DisplayHandle;
    else this.handle.update(text);
  }
}

function mb(n: number): string {
  return (n / 2 ** 20).toFixed(0);
}
