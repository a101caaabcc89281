import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as dfd from "danfojs-node";
import { plot } from "../../../lib/display/plot.js";
import { Figure } from "../../../lib/display/plotly.js";

const df = new dfd.DataFrame({ day: [1, 2, 3, 4], price: [10, 11, 9, 12], volume: [5, 6, 7, 8], shop: ["a", "b", "a", "b"] });

test("line, scatter, bar, hist and box from a danfo frame", () => {
  const line = plot(df, { x: "day", y: "price" });
  assert.ok(line instanceof Figure);
  assert.deepEqual(line.data, [{ type: "scatter", mode: "lines", name: "price", x: [1, 2, 3, 4], y: [10, 11, 9, 12] }]);
  const byShop = plot(df, { kind: "scatter", x: "day", y: "price", color: "shop" });
  assert.deepEqual(byShop.data.map((t) => [t.name, t.x, t.y, t.mode]), [["a", [1, 3], [10, 9], "markers"], ["b", [2, 4], [11, 12], "markers"]]);
  const all = plot(df, { x: "day" });
  assert.deepEqual(all.data.map((t) => t.name), ["price", "volume"], "numeric columns by default");
  assert.equal(plot(df, { kind: "bar", x: "shop", y: "volume" }).data[0].type, "bar");
  const hist = plot(df, { kind: "hist", y: "price", bins: 3 });
  assert.deepEqual([hist.data[0].type, hist.data[0].x, hist.data[0].nbinsx], ["histogram", [10, 11, 9, 12], 3]);
  const box = plot(df, { kind: "box", y: "price", x: "shop" });
  assert.deepEqual([box.data[0].type, box.data[0].y], ["box", [10, 11, 9, 12]]);
  assert.equal(plot({ a: [1, 2, 3] }).data[0].name, "a");
});

test("plot.figure takes any plotly figure; bad input names the problem", () => {
  const f = plot.figure({ data: [{ type: "pie", values: [1, 2] }], layout: { title: { text: "pie" } } });
  assert.equal(f.toString(), "Figure('pie', 1 trace: pie)");
  assert.throws(() => plot(df, { y: "nope" }), /y column "nope" is not in the data; columns are "day", "price", "volume", "shop"/);
  assert.throws(() => plot(df, { kind: "pie" as never }), /`kind` must be one of "line", "scatter", "hist", "bar", "box"/);
  assert.throws(() => plot(df, { kind: "scatter", y: "price" }), /needs `x`/);
  assert.throws(() => plot([1, 2] as never), /must be a danfojs DataFrame or Series/);
  assert.throws(() => plot({ a: [1], b: [1, 2] }), /column `b` has 2 values but `a` has 1/);
  assert.throws(() => plot.figure({ layout: {} } as never), /plot.figure: a plotly figure must be an object with a `data` array/);
});
