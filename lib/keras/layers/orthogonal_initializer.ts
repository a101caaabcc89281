/**
 * Keras's Orthogonal initializer, replacing tfjs's under the same registered class name.
 *
 * Why: tfjs builds the orthogonal matrix with Gram-Schmidt as thousands of small tensor ops; an
 * LSTM(256) recurrent kernel (256×1024) takes minutes on the cpu backend. This one runs modified
 * Gram-Schmidt on a Float64Array (milliseconds), with Keras's semantics: QR of a normal matrix of
 * shape (max(rows, cols), min(rows, cols)), signs fixed so R's diagonal is positive, transposed
 * when rows < cols, times `gain`. Registering it as "Orthogonal" means saved models that name
 * tfjs's Orthogonal load with this one (same config: gain, seed).
 */
import * as tf from "@tensorflow/tfjs";

/** Standard normal samples from a seeded xorshift generator when a seed is given. */
function normalSampler(seed: number | undefined): () => number {
  let state = seed === undefined ? 0 : (seed ^ 0x9e3779b9) >>> 0 || 1;
  const uniform = seed === undefined ? Math.random : () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** An (n × m, n ≥ m) matrix with orthonormal columns, column-major, by modified Gram-Schmidt. */
export function orthonormalColumns(n: number, m: number, seed?: number): Float64Array {
  const normal = normalSampler(seed);
  const q = new Float64Array(n * m);
  for (let i = 0; i < q.length; i++) q[i] = normal();
  for (let j = 0; j < m; j++) {
    const cj = j * n;
    for (let k = 0; k < j; k++) {
      const ck = k * n;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[ck + i] * q[cj + i];
      for (let i = 0; i < n; i++) q[cj + i] -= dot * q[ck + i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[cj + i] * q[cj + i];
    norm = Math.sqrt(norm);
    if (norm < 1e-12) throw new Error("Orthogonal: degenerate random matrix; try again");
    for (let i = 0; i < n; i++) q[cj + i] /= norm;
  }
  return q;
}

export class Orthogonal extends tf.serialization.Serializable {
  static className = "Orthogonal";
  readonly gain: number;
  readonly seed?: number;

  constructor(args: { gain?: number; seed?: number } = {}) {
    super();
    this.gain = args.gain ?? 1;
    this.seed = args.seed ?? undefined;
  }

  apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (shape.length < 2) throw new RangeError(`Orthogonal: the shape must have at least 2 dimensions; got [${shape}]`);
    if (dtype !== undefined && dtype !== "float32") throw new TypeError(`Orthogonal: dtype must be float32; got ${dtype}`);
    const cols = shape[shape.length - 1];
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const n = Math.max(rows, cols);
    const m = Math.min(rows, cols);
    const q = orthonormalColumns(n, m, this.seed);
    const out = new Float32Array(rows * cols);
    // q is column-major n×m; the result is row-major rows×cols (q itself, or its transpose when rows < cols).
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        out[r * cols + c] = this.gain * (rows >= cols ? q[c * n + r] : q[r * n + c]);
      }
    }
    return tf.tensor(out, shape, "float32");
  }

  getConfig(): tf.serialization.ConfigDict {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(Orthogonal);

/** Keras's default recurrent initializer, fast. */
export function orthogonal(args?: { gain?: number; seed?: number }): Orthogonal {
  return new Orthogonal(args);
}
