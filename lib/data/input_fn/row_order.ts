import { mulberry32 } from "../../random/mulberry32.js";
/**
 * The row stream of one pass of an input function: epochs back to back (so a batch may span
 * two epochs, as TF's queue-fed `dequeue_up_to` does), each epoch in a fresh random order when
 * shuffling. TF shuffles through a bounded RandomShuffleQueue; a full per-epoch permutation is
 * at least as random and costs one Fisher-Yates pass per epoch.
 */
export class RowOrder {
  private order: Uint32Array;
  private pos: number;
  private epoch = 0;
  private readonly random: () => number;

  constructor(
    private readonly rows: number,
    private readonly numEpochs: number | null,
    private readonly shuffle: boolean,
    seed: number,
  ) {
    this.random = mulberry32(seed);
    this.order = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) this.order[i] = i;
    if (shuffle) this.permute();
    this.pos = 0;
  }

  /** Fills `out` with the next row numbers; returns how many (0 when the pass is over). */
  next(out: Uint32Array): number {
    if (this.rows === 0) return 0;
    let filled = 0;
    while (filled < out.length) {
      if (this.pos === this.rows) {
        if (this.numEpochs !== null && this.epoch + 1 >= this.numEpochs) break;
        this.epoch++;
        this.pos = 0;
        if (this.shuffle) this.permute();
      }
      // A loop, not set(subarray()): a batch is a few dozen rows, and a view per batch costs more.
      const take = Math.min(out.length - filled, this.rows - this.pos);
      const o = this.order;
      for (let k = 0, p = this.pos; k < take; k++) out[filled + k] = o[p + k];
      filled += take;
      this.pos += take;
    }
    return filled;
  }

  private permute(): void {
    const o = this.order;
    for (let i = o.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = o[i];
      o[i] = o[j];
      o[j] = t;
    }
  }
}

