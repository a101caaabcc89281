import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as dfd from "danfojs-node";
import { pandasInputFn } from "../../../lib/data/pandas_input_fn.js";
import type { InputBatch, InputFn } from "../../../lib/data/pandas_input_fn.js";
import { attachTypedColumns, typedColumnsOf } from "../../../lib/data/typed_columns.js";
import { readHdf } from "../../../lib/data/read_hdf.js";
import * as path from "node:path";
import { repoRoot } from "../../helpers/paths.js";
import { backend } from "../../../lib/backend/index.js";

// The frames of TF's pandas_io_test.py, built by hand with danfo.
const index = [100, 101, 102, 103];
function makeTestDataFrame(): { x: dfd.DataFrame; y: dfd.Series } {
  const x = new dfd.DataFrame({ a: [0, 1, 2, 3], b: [32, 33, 34, 35] }, { index });
  const y = new dfd.Series([-32, -31, -30, -29], { index });
  return { x, y };
}
function makeTestDataFrameWithYAsDataFrame(): { x: dfd.DataFrame; y: dfd.DataFrame } {
  const x = new dfd.DataFrame({ a: [0, 1, 2, 3], b: [32, 33, 34, 35] }, { index });
  const y = new dfd.DataFrame({ a_target: [10, 11, 12, 13], b_target: [50, 51, 52, 53] }, { index });
  return { x, y };
}

type Plain = { xs: { [k: string]: number[] } | number[][]; ys?: number[] | { [k: string]: number[] } };
function plain(b: InputBatch): Plain {
  const flat = (t: tf.Tensor): number[] => Array.from(t.dataSync());
  const xs = b.xs instanceof tf.Tensor ? (b.xs.arraySync() as number[][]) : Object.fromEntries(Object.entries(b.xs).map(([k, t]) => [k, flat(t)]));
  let ys: Plain["ys"];
  if (b.ys instanceof tf.Tensor) ys = flat(b.ys);
  else if (b.ys) ys = Object.fromEntries(Object.entries(b.ys).map(([k, t]) => [k, flat(t)]));
  tf.dispose(b as unknown as tf.TensorContainer);
  return { xs, ys };
}
async function batches(fn: InputFn): Promise<Plain[]> {
  return (await fn().toArray()).map(plain);
}

test("IndexMismatch: y's index must equal x's", () => {
  const { x } = makeTestDataFrame();
  const yNoIndex = new dfd.Series([-32, -31, -30, -29]);
  assert.throws(() => pandasInputFn(x, yNoIndex, { batchSize: 2, shuffle: false, numEpochs: 1 }), /index for x and y are mismatched/);
});

test("RaisesWhenTargetColumnIsAList", () => {
  const { x, y } = makeTestDataFrame();
  assert.throws(
    () => pandasInputFn(x, y, { batchSize: 2, shuffle: false, numEpochs: 1, targetColumn: ["one", "two"] as unknown as string }),
    (e: Error) => e instanceof TypeError && /target_column must be a string type/.test(e.message),
  );
});

test("NonBoolShuffle: shuffle must be given explicitly", () => {
  const { x } = makeTestDataFrame();
  const yNoIndex = new dfd.Series([-32, -31, -30, -29]);
  assert.throws(() => pandasInputFn(x, yNoIndex), /shuffle must be provided and explicitly set as boolean/);
  assert.throws(() => pandasInputFn(x, undefined, { shuffle: 1 as unknown as boolean }), /shuffle must be provided/);
});

test("target column name already in x is refused when y is given", () => {
  const x = new dfd.DataFrame({ a: [1, 2], target: [3, 4] });
  const y = new dfd.Series([5, 6]);
  assert.throws(() => pandasInputFn(x, y, { shuffle: false }), /cannot use name 'target' for target column/);
});

test("ProducesExpectedOutputs", async () => {
  const { x, y } = makeTestDataFrame();
  const [first] = await batches(pandasInputFn(x, y, { batchSize: 2, shuffle: false, numEpochs: 1 }));
  assert.deepEqual(first.xs, { a: [0, 1], b: [32, 33] });
  assert.deepEqual(first.ys, [-32, -31]);
});

test("WhenYIsDataFrame_ProducesExpectedOutput", async () => {
  const { x, y } = makeTestDataFrameWithYAsDataFrame();
  const [first] = await batches(pandasInputFn(x, y, { batchSize: 2, shuffle: false, numEpochs: 1 }));
  assert.deepEqual(first.xs, { a: [0, 1], b: [32, 33] });
  assert.deepEqual(first.ys, { a_target: [10, 11], b_target: [50, 51] });
});

test("YIsDataFrame_HandlesOverlappingColumns", async () => {
  const { x, y } = makeTestDataFrameWithYAsDataFrame();
  y.rename({ a_target: "a", b_target: "b" }, { inplace: true });
  const [first] = await batches(pandasInputFn(x, y, { batchSize: 2, shuffle: false, numEpochs: 1 }));
  assert.deepEqual(first.xs, { a: [0, 1], b: [32, 33] });
  assert.deepEqual(first.ys, { a: [10, 11], b: [50, 51] });
});

test("YIsDataFrame_HandlesOverlappingColumnsInTargets", async () => {
  const { x, y } = makeTestDataFrameWithYAsDataFrame();
  y.rename({ a_target: "a", b_target: "a_n" }, { inplace: true });
  const [first] = await batches(pandasInputFn(x, y, { batchSize: 2, shuffle: false, numEpochs: 1 }));
  assert.deepEqual(first.xs, { a: [0, 1], b: [32, 33] });
  assert.deepEqual(first.ys, { a: [10, 11], a_n: [50, 51] });
});

test("ProducesOutputsForLargeBatchAndMultipleEpochs: one batch holds both epochs, then the end", async () => {
  const idx = [100, 101];
  const x = new dfd.DataFrame({ a: [0, 1], b: [32, 33] }, { index: idx });
  const y = new dfd.Series([-32, -31], { index: idx });
  const all = await batches(pandasInputFn(x, y, { batchSize: 128, shuffle: false, numEpochs: 2 }));
  assert.equal(all.length, 1);
  assert.deepEqual(all[0].xs, { a: [0, 1, 0, 1], b: [32, 33, 32, 33] });
  assert.deepEqual(all[0].ys, [-32, -31, -32, -31]);
});

test("ProducesOutputsWhenDataSizeNotDividedByBatchSize: the last partial batch is kept", async () => {
  const idx = [100, 101, 102, 103, 104];
  const x = new dfd.DataFrame({ a: [0, 1, 2, 3, 4], b: [32, 33, 34, 35, 36] }, { index: idx });
  const y = new dfd.Series([-32, -31, -30, -29, -28], { index: idx });
  const all = await batches(pandasInputFn(x, y, { batchSize: 2, shuffle: false, numEpochs: 1 }));
  assert.deepEqual(
    all.map((b) => [b.xs, b.ys]),
    [
      [{ a: [0, 1], b: [32, 33] }, [-32, -31]],
      [{ a: [2, 3], b: [34, 35] }, [-30, -29]],
      [{ a: [4], b: [36] }, [-28]],
    ],
  );
});

test("OnlyX: features alone", async () => {
  const { x } = makeTestDataFrame();
  const [first] = await batches(pandasInputFn(x, null, { batchSize: 2, shuffle: false, numEpochs: 1 }));
  assert.deepEqual(first.xs, { a: [0, 1], b: [32, 33] });
  assert.equal(first.ys, undefined);
});

test("ExcludesIndex", async () => {
  const { x, y } = makeTestDataFrame();
  const [first] = await batches(pandasInputFn(x, y, { batchSize: 2, shuffle: false, numEpochs: 1 }));
  assert.deepEqual(Object.keys(first.xs).sort(), ["a", "b"]);
});

async function assertBatchCount(fn: InputFn, n: number): Promise<void> {
  assert.equal((await batches(fn)).length, n);
}

test("RespectsEpoch_NoShuffle", async () => {
  const { x, y } = makeTestDataFrame();
  await assertBatchCount(pandasInputFn(x, y, { batchSize: 4, shuffle: false, numEpochs: 1 }), 1);
});

test("RespectsEpoch_WithShuffle", async () => {
  const { x, y } = makeTestDataFrame();
  await assertBatchCount(pandasInputFn(x, y, { batchSize: 4, shuffle: true, numEpochs: 1 }), 1);
});

test("RespectsEpoch_WithShuffleAutosize", async () => {
  const { x, y } = makeTestDataFrame();
  await assertBatchCount(pandasInputFn(x, y, { batchSize: 2, shuffle: true, queueCapacity: null, numEpochs: 2 }), 4);
});

test("RespectsEpochUnevenBatches", async () => {
  const { x, y } = makeTestDataFrame();
  await assertBatchCount(pandasInputFn(x, y, { batchSize: 3, shuffle: false, numEpochs: 1 }), 2);
});

test("Idempotent: calling the input function twice gives independent full passes", async () => {
  const { x, y } = makeTestDataFrame();
  for (const shuffle of [false, true]) {
    const fn = pandasInputFn(x, y, { batchSize: 2, shuffle, numEpochs: 1 });
    for (let i = 0; i < 2; i++) {
      const seen = (await batches(fn)).flatMap((b) => (b.xs as { a: number[] }).a);
      assert.deepEqual([...seen].sort(), [0, 1, 2, 3]);
    }
  }
});

test("shuffle keeps each row's features and target together and every row once per epoch", async () => {
  const n = 1000;
  const a = Array.from({ length: n }, (_, i) => i);
  const x = new dfd.DataFrame({ a, b: a.map((v) => v * 2) });
  const y = new dfd.Series(a.map((v) => -v));
  const all = await batches(pandasInputFn(x, y, { batchSize: 64, shuffle: true, numEpochs: 2, seed: 7 }));
  const rows = all.flatMap((b) => {
    const xs = b.xs as { a: number[]; b: number[] };
    return xs.a.map((v, i) => [v, xs.b[i], (b.ys as number[])[i]]);
  });
  assert.equal(rows.length, 2 * n);
  for (const [va, vb, vy] of rows) assert.ok(vb === 2 * va && vy === -va);
  const firstEpoch = rows.slice(0, n).map((r) => r[0]);
  assert.deepEqual([...firstEpoch].sort((p, q) => p - q), a);
  assert.notDeepEqual(firstEpoch, a, "shuffled order differs from the file order");
  assert.notDeepEqual(firstEpoch, rows.slice(n).map((r) => r[0]), "each epoch has its own order");
});

test("numEpochs null repeats forever, in full batches", async () => {
  const { x, y } = makeTestDataFrame();
  const got = (await pandasInputFn(x, y, { batchSize: 3, shuffle: false, numEpochs: null })().take(5).toArray()).map(plain);
  assert.equal(got.length, 5);
  assert.deepEqual(got.map((b) => (b.xs as { a: number[] }).a), [[0, 1, 2], [3, 0, 1], [2, 3, 0], [1, 2, 3], [0, 1, 2]]);
});

test("seed's form: y omitted and targetColumn naming a column of x splits it off", async () => {
  const x = new dfd.DataFrame({ a: [1, 2, 3], answer: [0, 1, 0] });
  const [b] = await batches(pandasInputFn(x, undefined, { batchSize: 8, shuffle: false, targetColumn: "answer" }));
  assert.deepEqual(b.xs, { a: [1, 2, 3] });
  assert.deepEqual(b.ys, [0, 1, 0]);
});

test("y omitted: a targetColumn given by name that x lacks is an error naming it and x's columns; the default means features only", async () => {
  const x = new dfd.DataFrame({ a: [1, 2, 3], b: [0, 1, 0] });
  assert.throws(() => pandasInputFn(x, undefined, { shuffle: false, targetColumn: "label" }), /targetColumn 'label' is not a column of x; its columns are: a, b/);
  const [b] = await batches(pandasInputFn(x, undefined, { shuffle: false }));
  assert.deepEqual(b.xs, { a: [1, 2, 3], b: [0, 1, 0] });
  assert.equal(b.ys, undefined);
});

test("argument errors name the argument", () => {
  const { x, y } = makeTestDataFrame();
  assert.throws(() => pandasInputFn(x, y, { shuffle: false, batchSize: 0 }), /batchSize must be a positive integer/);
  assert.throws(() => pandasInputFn(x, y, { shuffle: false, numEpochs: 0 }), /numEpochs must be a positive integer or null/);
  assert.throws(() => pandasInputFn(x, y, { shuffle: false, numThreads: 0 }), /numThreads/);
  assert.throws(() => pandasInputFn(x, y, { shuffle: false, queueCapacity: -1 }), /queueCapacity/);
  assert.throws(() => pandasInputFn({} as dfd.DataFrame, y, { shuffle: false }), /x must be a danfo DataFrame/);
  assert.throws(() => pandasInputFn(x, [1, 2] as unknown as dfd.Series, { shuffle: false }), /y must be a danfo Series or DataFrame/);
});

test("string columns: an error naming the column unless codes are asked for", async () => {
  const x = new dfd.DataFrame({ island: ["Biscoe", "Dream", "Biscoe"], mass: [1, 2, 3] });
  assert.throws(() => pandasInputFn(x, undefined, { shuffle: false }), /column 'island' holds strings\/categories/);
  const [b] = await batches(pandasInputFn(x, undefined, { shuffle: false, encodeCategorical: "codes" }));
  assert.deepEqual(b.xs, { island: [0, 1, 0], mass: [1, 2, 3] });
});

test("a non-numeric value in a numeric column names column and row", () => {
  const x = new dfd.DataFrame({ a: [1, 2, 3] });
  // danfo keeps a stray value as given; a hand-built frame can hold one.
  (x.column("a").values as unknown[])[2] = "oops";
  (x as unknown as { $dataIncolumnFormat: unknown[][] }).$dataIncolumnFormat[0][2] = "oops";
  assert.throws(() => pandasInputFn(x, undefined, { shuffle: false }), /column 'a' has a non-numeric value "oops" at row 2/);
});

test("NaN in features: error naming column and row, or drop/fill when asked", async () => {
  const x = new dfd.DataFrame({ a: [1, NaN, 3], b: [4, 5, 6] }, { index: ["r0", "r1", "r2"] });
  assert.throws(() => pandasInputFn(x, undefined, { shuffle: false }), /feature column 'a' has a missing\/NaN value at row 1 \(index r1\)/);
  const [dropped] = await batches(pandasInputFn(x, undefined, { shuffle: false, na: "drop" }));
  assert.deepEqual(dropped.xs, { a: [1, 3], b: [4, 6] });
  const [filled] = await batches(pandasInputFn(x, undefined, { shuffle: false, na: { fill: 0 } }));
  assert.deepEqual(filled.xs, { a: [1, 0, 3], b: [4, 5, 6] });
  assert.throws(() => pandasInputFn(x, undefined, { shuffle: false, na: "zero" as "drop" }), /na must be/);
});

test("typed columns attached by a reader are used, with category codes and int64", async () => {
  const x = new dfd.DataFrame({ c: ["lo", "hi", "lo"], n: [1, 2, 3] });
  attachTypedColumns(x, {
    columns: new Map<string, import("../../../lib/data/typed_columns.js").TypedColumn>([
      ["c", ["lo", "hi", "lo"]],
      ["n", new BigInt64Array([10n, 20n, 30n])],
    ]),
    meta: new Map([["c", { kind: "category" as const, codes: new Int32Array([1, 0, 1]), categories: ["hi", "lo"], ordered: false }]]),
  });
  const [b] = await batches(pandasInputFn(x, undefined, { shuffle: false, encodeCategorical: "codes" }));
  // The typed values (10, 20, 30), not danfo's copies (1, 2, 3): the fast path was taken.
  assert.deepEqual(b.xs, { c: [1, 0, 1], n: [10, 20, 30] });
});

test("concatFeatures gives one [batch, columns] tensor; batches train a model with fitDataset and evaluateDataset", async () => {
  const n = 256;
  const a = Array.from({ length: n }, (_, i) => (i % 16) / 16);
  const x = new dfd.DataFrame({ a, b: a.map((v) => 1 - v), label: a.map((v) => (v > 0.5 ? 1 : 0)) });
  const [first] = await batches(pandasInputFn(x, undefined, { batchSize: 2, shuffle: false, targetColumn: "label", concatFeatures: true }));
  assert.deepEqual(first.xs, [[0, 1], [1 / 16, 15 / 16]]);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, activation: "sigmoid" })] });
  model.compile({ optimizer: tf.train.adam(0.1), loss: "binaryCrossentropy", metrics: ["accuracy"] });
  const train = pandasInputFn(x, undefined, { batchSize: 32, shuffle: true, targetColumn: "label", concatFeatures: true, seed: 1 });
  const history = await model.fitDataset(train(), { epochs: 15, verbose: 0 });
  const losses = history.history.loss as number[];
  assert.ok(losses[losses.length - 1] < losses[0], `loss fell: ${losses[0]} -> ${losses[losses.length - 1]}`);
  const evalFn = pandasInputFn(x, undefined, { batchSize: 64, shuffle: false, targetColumn: "label", concatFeatures: true });
  const [, acc] = (await model.evaluateDataset(evalFn(), {})) as tf.Scalar[];
  assert.ok(acc.dataSync()[0] > 0.9, `accuracy ${acc.dataSync()[0]}`);
});

test("dict features feed a model with one named Input per column", async () => {
  const x = new dfd.DataFrame({ a: [0, 1, 2, 3], b: [1, 1, 0, 0], target: [0, 0, 1, 1] });
  const ia = tf.input({ shape: [1], name: "a" });
  const ib = tf.input({ shape: [1], name: "b" });
  const merged = tf.layers.concatenate().apply([ia, ib]) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 1, activation: "sigmoid" }).apply(merged) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [ia, ib], outputs: out });
  model.compile({ optimizer: "sgd", loss: "binaryCrossentropy" });
  const h = await model.fitDataset(pandasInputFn(x, undefined, { batchSize: 2, shuffle: true })(), { epochs: 2, verbose: 0 });
  assert.equal((h.history.loss as number[]).length, 2);
});

test("a frame from readHdf (typed columns) gives the same batches as the same values in a hand-built frame", async () => {
  const df = (await readHdf(path.join(repoRoot, "notebooks", "data", "answers.h5"), "train")) as dfd.DataFrame;
  assert.ok(typedColumnsOf(df), "the reader attached typed columns");
  const plainFrame = new dfd.DataFrame(Object.fromEntries(df.columns.map((c) => [c, Array.from(df.column(c).values as number[])])));
  const opts = { batchSize: 500, shuffle: true, targetColumn: "answer", concatFeatures: true, seed: 11 };
  const fast = await batches(pandasInputFn(df, undefined, opts));
  const slow = await batches(pandasInputFn(plainFrame, undefined, opts));
  assert.equal(fast.length, 6);
  assert.deepEqual(fast, slow);
});

test("categories fix the code order, so a split missing a class still agrees; unknown values are errors", async () => {
  const x = new dfd.DataFrame({ mass: [1, 2], species: ["Gentoo", "Gentoo"] });
  const categories = { species: ["Adelie", "Chinstrap", "Gentoo"] };
  const [b] = await batches(pandasInputFn(x, undefined, { shuffle: false, targetColumn: "species", categories }));
  assert.deepEqual(b.ys, [2, 2]);
  const odd = new dfd.DataFrame({ mass: [1, 2], species: ["Gentoo", "Emperor"] });
  assert.throws(() => pandasInputFn(odd, undefined, { shuffle: false, targetColumn: "species", categories }), /column 'species' has "Emperor" at row 1, which is not among its categories/);
  assert.throws(() => pandasInputFn(x, undefined, { shuffle: false, categories: { island: ["a"] } }), /categories names column 'island'/);
});

// On wasm a batch's arrays are views of one scratch array reused batch after batch (wasm copies
// values into its heap when a tensor is made); on cpu each tensor keeps an array of its own.
// Either way, a batch's tensors must keep their values after later batches are made, and
// bytes() must be exactly a tensor's own values.
test("batches made later never change earlier ones' tensors; bytes() is each tensor's own values (cpu and wasm)", async () => {
  const n = 10;
  const a = Array.from({ length: n }, (_, i) => i);
  const x = new dfd.DataFrame({ a, b: a.map((v) => 100 + v) });
  const ySeries = new dfd.Series(a.map((v) => -v));
  const yFrame = new dfd.DataFrame({ t: a.map((v) => -v), u: a.map((v) => 1000 + v) });
  try {
    for (const name of ["wasm", "cpu"] as const) {
      await backend.use(name);
      assert.equal(tf.getBackend(), name);
      for (const [form, y, concatFeatures] of [["dict", ySeries, false], ["packed", ySeries, true], ["dict, y frame", yFrame, false], ["packed, y frame", yFrame, true]] as const) {
        const label = `${name}, ${form}`;
        const it = await pandasInputFn(x, y, { batchSize: 3, shuffle: false, concatFeatures })().iterator();
        const kept: InputBatch[] = [];
        for (let r = await it.next(); !r.done; r = await it.next()) kept.push(r.value);
        assert.equal(kept.length, 4, label);
        for (const batch of kept) {
          const tensors = [...(batch.xs instanceof tf.Tensor ? [batch.xs] : Object.values(batch.xs)), ...(batch.ys instanceof tf.Tensor ? [batch.ys] : Object.values(batch.ys!))];
          for (const t of tensors) assert.equal(((await t.bytes()) as Uint8Array).length, t.size * 4, `${label}: bytes() of a ${t.shape} tensor`);
        }
        for (const [k, batch] of kept.entries()) {
          const rows = a.slice(3 * k, 3 * k + 3);
          const p = plain(batch);
          if (concatFeatures) assert.deepEqual(p.xs, rows.map((v) => [v, 100 + v]), `${label}, batch ${k}`);
          else assert.deepEqual(p.xs, { a: rows, b: rows.map((v) => 100 + v) }, `${label}, batch ${k}`);
          if (y === yFrame) assert.deepEqual(p.ys, { t: rows.map((v) => -v), u: rows.map((v) => 1000 + v) }, `${label}, batch ${k}`);
          else assert.deepEqual(p.ys, rows.map((v) => -v), `${label}, batch ${k}`);
        }
      }
      // bytes() on its own: a dict batch's column tensor holds just its column.
      const [batch] = await pandasInputFn(x, ySeries, { batchSize: 4, shuffle: false })().take(1).toArray();
      const col = (batch.xs as { [k: string]: tf.Tensor }).b;
      const bytes = (await col.bytes()) as Uint8Array;
      assert.equal(bytes.length, 16, `${name}: bytes() of a [4, 1] float32 column`);
      assert.deepEqual(Array.from(new Float32Array(bytes.slice().buffer)), [100, 101, 102, 103]);
      tf.dispose(batch as unknown as tf.TensorContainer);
    }
  } finally {
    await backend.use("cpu");
  }
});
