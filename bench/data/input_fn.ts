/**
 * pandasInputFn throughput: rows/s of shuffled batches of 32 from a 1M × (10 float + 1 int label)
 * frame with typed columns attached (as readCsv/readHdf return them), against tf.data's own
 * shuffle().batch() over the same rows, measured in the same run.
 *
 *   node dist/bench/data/input_fn.js [--rows 1000000] [--peer-rows 100000]
 */
import * as tf from "@tensorflow/tfjs";
import { lazyDataFrame } from "../../lib/data/lazy_data_frame.js";
import { attachTypedColumns } from "../../lib/data/typed_columns.js";
import type { TypedColumn } from "../../lib/data/typed_columns.js";
import { pandasInputFn } from "../../lib/data/pandas_input_fn.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function drain(ds: tf.data.Dataset<tf.TensorContainer>): Promise<number> {
  const it = await ds.iterator();
  let rows = 0;
  for (;;) {
    const r = await it.next();
    if (r.done) break;
    const b = r.value as { ys: tf.Tensor };
    rows += b.ys.shape[0];
    tf.dispose(r.value);
  }
  return rows;
}

async function main(): Promise<void> {
  const rows = arg("rows", 1_000_000);
  const peerRows = arg("peer-rows", 100_000);
  const columns = new Map<string, TypedColumn>();
  for (let j = 0; j < 10; j++) {
    const c = new Float64Array(rows);
    for (let i = 0; i < rows; i++) c[i] = Math.random();
    columns.set(`f${j}`, c);
  }
  const label = new Int32Array(rows);
  for (let i = 0; i < rows; i++) label[i] = i % 2;
  columns.set("label", label);
  const df = lazyDataFrame([...columns].map(([name, c]) => ({ name, length: rows, dtype: name === "label" ? "int32" : "float32", values: () => Array.from(c as Float64Array) })));
  attachTypedColumns(df, { columns });
  const names = [...columns.keys()].filter((n) => n !== "label");

  const figures: [string, number][] = [];
  for (const concatFeatures of [true, false]) {
    const t0 = performance.now();
    const fn = pandasInputFn(df, undefined, { batchSize: 32, shuffle: true, targetColumn: "label", concatFeatures });
    const setup = performance.now() - t0;
    const t1 = performance.now();
    const n = await drain(fn());
    const s = (performance.now() - t1) / 1000;
    if (n !== rows) throw new Error(`drained ${n} rows, expected ${rows}`);
    const label = concatFeatures ? "pandasInputFn (xs one [32,10] tensor)" : "pandasInputFn (xs dict of 10 columns)";
    console.log(`${label}: ${(n / s / 1e6).toFixed(2)} M rows/s (${s.toFixed(2)} s for ${n} rows; setup ${setup.toFixed(0)} ms)`);
    figures.push([label, n / s]);
  }

  // The machine's ceiling for the same work without tfjs: gather shuffled rows of 32 from one
  // row-major float32 table into fresh arrays (what pandasInputFn does before making tensors).
  {
    const width = names.length + 1;
    const table = new Float32Array(rows * width);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < names.length; j++) table[i * width + j] = (columns.get(names[j]) as Float64Array)[i];
      table[i * width + names.length] = label[i];
    }
    const perm = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) perm[i] = i;
    const t = performance.now();
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      const v = perm[i];
      perm[i] = perm[j];
      perm[j] = v;
    }
    let check = 0;
    for (let p = 0; p < rows; p += 32) {
      const n = Math.min(32, rows - p);
      const xm = new Float32Array(n * names.length);
      const ym = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const r = perm[p + i] * width;
        for (let j = 0; j < names.length; j++) xm[i * names.length + j] = table[r + j];
        ym[i] = table[r + names.length];
      }
      check += ym[0];
    }
    const s = (performance.now() - t) / 1000;
    console.log(`plain-JS shuffled gather, no tensors (machine ceiling): ${(rows / s / 1e6).toFixed(2)} M rows/s (check ${check > -1})`);
  }

  // tf.data's own pipeline over the same rows: one element per row, shuffled and batched by tf.data.
  const cols = names.map((n) => columns.get(n) as Float64Array);
  const t2 = performance.now();
  const peer = tf.data
    .generator(function* () {
      for (let i = 0; i < peerRows; i++) {
        const xs = new Float32Array(cols.length);
        for (let j = 0; j < cols.length; j++) xs[j] = cols[j][i];
        yield { xs: tf.tensor1d(xs), ys: tf.scalar(label[i]) };
      }
    })
    .shuffle(10_000)
    .batch(32);
  const pn = await drain(peer);
  const ps = (performance.now() - t2) / 1000;
  const peerRate = pn / ps;
  console.log(`tf.data generator().shuffle(10000).batch(32): ${(peerRate / 1e3).toFixed(1)} k rows/s (${ps.toFixed(2)} s for ${pn} rows)`);
  for (const [label, rate] of figures) console.log(`ratio ${label} / tf.data: ${(rate / peerRate).toFixed(1)}×`);
  console.log(`target ≥ 2 M rows/s: ${figures.map(([l, r]) => `${l}: ${r >= 2e6 ? "met" : "not met"}`).join("; ")}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
