import * as tf from "@tensorflow/tfjs";
import { outputNames } from "./signature_names.js";
import type { RequestInput } from "./request_tensors.js";

/** One output of a prediction: its values per example, and the shape of one example's output. */
export interface OutputRows {
  name: string;
  rows: Float32Array[];
  exampleShape: number[];
}

interface Job {
  model: tf.LayersModel;
  inputs: RequestInput[];
  batch: number;
  resolve: (outputs: OutputRows[]) => void;
  reject: (e: Error) => void;
}

/**
 * Serialises predictions and merges concurrent requests for the same model into one batch (like
 * TF-Serving's `--enable_batching`): requests that arrive while a batch runs wait in the queue,
 * and those whose example shapes agree run together, up to `maxBatchSize` examples.
 */
export class PredictBatcher {
  private readonly queue: Job[] = [];
  private scheduled = false;

  constructor(readonly maxBatchSize = 256) {
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new Error(`maxBatchSize must be a positive integer, got ${maxBatchSize}`);
  }

  predict(model: tf.LayersModel, inputs: RequestInput[], batch: number): Promise<OutputRows[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ model, inputs, batch, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    // setImmediate lets requests parsed in the same I/O turn join this batch.
    setImmediate(() => {
      this.scheduled = false;
      this.runOne();
      this.schedule();
    });
  }

  private runOne(): void {
    const first = this.queue.shift()!;
    const group = [first];
    let rows = first.batch;
    for (let i = 0; i < this.queue.length && rows < this.maxBatchSize; ) {
      const job = this.queue[i];
      if (job.model === first.model && rows + job.batch <= this.maxBatchSize && compatible(job, first)) {
        group.push(job);
        rows += job.batch;
        this.queue.splice(i, 1);
      } else i++;
    }
    try {
      const outputs = runBatch(first.model, group, rows);
      let offset = 0;
      for (const job of group) {
        job.resolve(outputs.map((o) => ({ name: o.name, exampleShape: o.exampleShape, rows: o.rows.slice(offset, offset + job.batch) })));
        offset += job.batch;
      }
    } catch (e) {
      for (const job of group) job.reject(e as Error);
    }
  }
}

function compatible(a: Job, b: Job): boolean {
  return a.inputs.every((x, k) => x.exampleShape.length === b.inputs[k].exampleShape.length && x.exampleShape.every((d, j) => d === b.inputs[k].exampleShape[j]));
}

function runBatch(model: tf.LayersModel, group: Job[], rows: number): OutputRows[] {
  const names = outputNames(model);
  return tf.tidy(() => {
    const xs = group[0].inputs.map((input, k) => {
      const size = group.reduce((a, job) => a + job.inputs[k].values.length, 0);
      const joined = input.values instanceof Int32Array ? new Int32Array(size) : new Float32Array(size);
      let at = 0;
      for (const job of group) {
        joined.set(job.inputs[k].values, at);
        at += job.inputs[k].values.length;
      }
      return tf.tensor(joined, [rows, ...input.exampleShape], input.values instanceof Int32Array ? "int32" : "float32");
    });
    const result = model.predict(xs.length === 1 ? xs[0] : xs);
    const outs = Array.isArray(result) ? result : [result];
    return outs.map((t, k) => {
      const data = t.dataSync() as Float32Array;
      const per = t.shape.slice(1).reduce((a, d) => a * d, 1);
      const split: Float32Array[] = [];
      for (let r = 0; r < rows; r++) split.push(Float32Array.from(data.subarray(r * per, (r + 1) * per)));
      return { name: names[k], rows: split, exampleShape: t.shape.slice(1) };
    });
  });
}
