import { test } from "node:test";
import * as assert from "node:assert/strict";
import { lazyDataFrame } from "../../../lib/data/lazy_data_frame.js";

test("shape/columns/dtypes come without building cells; a column or head() builds them once", () => {
  let built = 0;
  const n = 100_000;
  const x = Float64Array.from({ length: n }, (_, i) => i / 2);
  const df = lazyDataFrame([
    { name: "x", length: n, dtype: "float32", values: () => (built++, Array.from(x)) },
    { name: "s", length: n, dtype: "string", values: () => (built++, Array.from({ length: n }, (_, i) => `r${i}`)) },
  ]);
  assert.deepEqual(df.shape, [n, 2]);
  assert.deepEqual(df.columns, ["x", "s"]);
  assert.deepEqual(df.dtypes, ["float32", "string"]);
  assert.equal(built, 0);
  assert.deepEqual(df["x"].values.slice(0, 3), [0, 0.5, 1]);
  assert.equal(built, 2);
  assert.deepEqual(df.head(2).values, [[0, "r0"], [0.5, "r1"]]);
  assert.deepEqual(df.index.slice(0, 3), [0, 1, 2]);
  assert.equal((df.iloc({ rows: [n - 1] }).values as unknown[][])[0][1], `r${n - 1}`);
  assert.equal(built, 2);
  assert.throws(() => lazyDataFrame([{ name: "a", length: 2, dtype: "int32", values: () => [1, 2] }, { name: "b", length: 3, dtype: "int32", values: () => [1, 2, 3] }]), /column 'b' has 3 rows, expected 2/);
});
