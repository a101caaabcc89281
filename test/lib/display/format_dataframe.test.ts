import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as dfd from "danfojs-node";
import { formatDataFrame } from "../../../lib/display/format_dataframe.js";

test("a short frame shows every row, its dtypes and shape, and the data-explorer JSON", () => {
  const df = new dfd.DataFrame({ city: ["Oslo", "Lima", "<Rome>"], temp: [3.5, 19.25, 21], n: [1, 2, 3] });
  const b = formatDataFrame(df)!;
  const html = String(b["text/html"]);
  assert.match(html, /<th>city<\/th><th>temp<\/th><th>n<\/th>/);
  assert.match(html, /<tr><th>2<\/th><td>&lt;Rome&gt;<\/td><td>21<\/td><td>3<\/td><\/tr>/);
  assert.match(html, /<td><i>string<\/i><\/td><td><i>float32<\/i><\/td><td><i>int32<\/i><\/td>/);
  assert.match(html, /3 rows × 3 columns/);
  const res = b["application/vnd.dataresource+json"] as { schema: { fields: { name: string; type: string }[]; primaryKey: string[] }; data: Record<string, unknown>[] };
  assert.deepEqual(res.schema.fields, [
    { name: "index", type: "integer" },
    { name: "city", type: "string" },
    { name: "temp", type: "number" },
    { name: "n", type: "integer" },
  ]);
  assert.deepEqual(res.schema.primaryKey, ["index"]);
  assert.deepEqual(res.data[1], { index: 1, city: "Lima", temp: 19.25, n: 2 });
  assert.equal(String(b["text/plain"]).split("\n")[0], "     city   temp  n");
});

test("a long frame shows its head and tail around an ellipsis row; a Series shows length and dtype", () => {
  const n = 1000;
  const df = new dfd.DataFrame({ x: Array.from({ length: n }, (_, i) => i), y: Array.from({ length: n }, (_, i) => i * 2) });
  const b = formatDataFrame(df)!;
  const html = String(b["text/html"]);
  const bodyRows = html.split("<tbody>")[1].match(/<tr>/g)!.length;
  assert.equal(bodyRows, 11); // 5 head + ... + 5 tail, as pandas with min_rows=10
  assert.match(html, /<tr><th>4<\/th><td>4<\/td><td>8<\/td><\/tr><tr><th>...<\/th><td>...<\/td><td>...<\/td><\/tr><tr><th>995<\/th>/);
  assert.match(html, /1000 rows × 2 columns/);
  assert.match(String(b["text/plain"]), /\[1000 rows x 2 columns\]$/);
  assert.equal((b["application/vnd.dataresource+json"] as { data: unknown[] }).data.length, 1000);
  const s = formatDataFrame(df["y"])!;
  assert.match(String(s["text/html"]), /Length: 1000, dtype: int32/);
  assert.equal(formatDataFrame({ columns: [] }), undefined);
});
