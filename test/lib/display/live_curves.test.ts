import { test } from "node:test";
import * as assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { LiveCurves } from "../../../lib/display/live_curves.js";
import { plotlyMime } from "../../../lib/display/plotly.js";
import { recordDisplays } from "./recording_sink.js";

test("10,000 values in a burst give one display id and a handful of updates, the last holding every point", async () => {
  const rec = recordDisplays();
  try {
    const curves = new LiveCurves({ title: "by hand", maxUpdatesPerSecond: 20 });
    for (let i = 0; i < 10_000; i++) curves.add(i / 100, { loss: 1 / (i + 1) });
    await sleep(120);
    for (let i = 0; i < 5; i++) curves.add(100 + i, { loss: 0.001, val_loss: 0.002 });
    curves.finish();
    const live = rec.sent.filter((s) => s.displayId === curves.displayId);
    const ids = new Set(rec.sent.filter((s) => s.data[plotlyMime] && s.displayId !== undefined).map((s) => s.displayId));
    assert.equal(ids.size, 1);
    assert.equal(live[0].kind, "display");
    assert.ok(live.length >= 2 && live.length <= 5, `${live.length} messages`);
    assert.ok(live.slice(1).every((s) => s.kind === "update"));
    const last = live[live.length - 1].data[plotlyMime] as { data: { name: string; x: number[]; line: { dash: string } }[] };
    assert.deepEqual(last.data.map((t) => t.name), ["loss", "val_loss"]);
    assert.equal(last.data[0].x.length, 10_005);
    assert.equal(last.data[1].line.dash, "dash");
    curves.add(200, { loss: 0 });
    await sleep(80);
    assert.equal(rec.sent.filter((s) => s.displayId === curves.displayId).length, live.length, "nothing after finish");
  } finally {
    rec.restore();
  }
});

test("progress text, one subplot per metric, and validation of input", () => {
  const curves = new LiveCurves({ autoShow: false });
  curves.add(1, { loss: 0.5, acc: 0.8, val_loss: 0.6, val_acc: 0.7, lr: NaN });
  curves.progress({ epoch: 2, epochs: 5, batch: 10, batches: 20, etaSeconds: 75, metrics: { loss: 0.25, acc: 0.9 } });
  assert.equal(curves.progressText(), "Epoch 2/5  10/20 ━━━━━━━━━━──────────  ETA 1:15  loss: 0.2500 - acc: 0.9000");
  const f = curves.figure();
  assert.deepEqual(f.data.map((t) => [t.name, t.yaxis]), [["loss", "y"], ["val_loss", "y"], ["acc", "y2"], ["val_acc", "y2"]]);
  assert.deepEqual(f.layout?.grid, { rows: 1, columns: 2, pattern: "independent" });
  assert.match(String(curves.bundle()["text/html"]), /<progress value="0.5000" max="1"/);
  assert.equal(curves.renders, 0);
  assert.throws(() => curves.add(NaN, {}), /`x` must be a finite number/);
  assert.throws(() => curves.add(1, { loss: "x" as never }), /value of `loss` must be a number/);
  assert.throws(() => new LiveCurves({ maxUpdatesPerSecond: 0 }), /`maxUpdatesPerSecond` must be a positive number/);
});
