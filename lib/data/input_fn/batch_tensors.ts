import * as tf from "@tensorflow/tfjs";

// Backends whose write() copies a tensor's values into their own memory at once (wasm: into its
// heap), so the array handed over may be reused right after. cpu, tfjs-node, webgl and webgpu
// keep the array (cpu's Tensor.bytes() even returns the array's whole buffer).
const COPYING_BACKENDS = new Set(["wasm"]);

/**
 * The float32 arrays and tensors of one batch. Allocating an ArrayBuffer costs more than making
 * the tensor, and a dict batch makes eleven. On a copying backend every array is therefore a view
 * of one scratch array reused batch after batch (no allocation at all); elsewhere each tensor
 * gets an array of its own, as it must. (Gathering into the scratch array and handing each
 * tensor a `slice` of it measured no faster on cpu than a fresh array per tensor.)
 */
export class BatchTensors {
  private scratch: Float32Array;
  private used = 0;
  private reuse = false;
  // Looked up once per batch: each `tf.x` is a getter call in the compiled CommonJS.
  private engine = tf.engine();

  constructor(private readonly valuesPerBatch: number) {
    this.scratch = new Float32Array(0);
  }

  /** Starts a batch (the backend is looked up each time: a cell may switch it between epochs). */
  begin(): void {
    this.engine = tf.engine();
    this.reuse = COPYING_BACKENDS.has(this.engine.backendName);
    this.used = 0;
    if (this.reuse && this.scratch.length < this.valuesPerBatch) this.scratch = new Float32Array(this.valuesPerBatch);
  }

  /** An array for `size` values, to fill and then pass to `tensor2d`. */
  array(size: number): Float32Array {
    if (!this.reuse) return new Float32Array(size);
    const a = this.scratch.subarray(this.used, this.used + size);
    this.used += size;
    return a;
  }

  /**
   * A [rows, cols] float32 tensor of `values` (exactly rows × cols, from `array`). The engine's
   * makeTensor skips tensor2d's value inference and checks (half the per-tensor cost).
   */
  tensor2d(values: Float32Array, rows: number, cols: number): tf.Tensor2D {
    return this.engine.makeTensor(values, [rows, cols], "float32") as tf.Tensor2D;
  }
}
