import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as dfd from "danfojs-node";
import { artifactsDir } from "../../helpers/paths.js";
import { formatValue } from "../../../lib/display/formatters.js";
import { registerRichFormatters } from "../../../lib/display/register_all.js";
import { LiveCurves } from "../../../lib/display/live_curves.js";
import { resetPlotlyLibrary } from "../../../lib/display/plotly.js";
import { plot } from "../../../lib/display/plot.js";
import { plotModel } from "../../../lib/keras/utils/plot_model.js";
import { recordDisplays } from "./recording_sink.js";
import { chromium, probePage } from "./chromium_probe.js";


/** The HTML a front end shows for one output: text/html, else inline SVG, else escaped text. */
function outputHtml(data: Record<string, unknown>): string {
  if (typeof data["text/html"] === "string") return data["text/html"];
  if (typeof data["image/svg+xml"] === "string") return data["image/svg+xml"];
  return `<pre>${String(data["text/plain"]).replace(/&/g, "&amp;").replace(/</g, "&lt;")}</pre>`;
}

test("in Chromium, offline: plotly plots and traces exist, the summary shows the right total, nothing asks the network", { skip: !fs.existsSync(chromium) && "Debian chromium is not installed" }, () => {
  registerRichFormatters();
  resetPlotlyLibrary();
  const rec = recordDisplays();
  const outputs: Record<string, unknown>[] = [];
  try {
    const m = tf.sequential({ name: "cnn", layers: [tf.layers.conv2d({ filters: 8, kernelSize: 3, inputShape: [28, 28, 1] }), tf.layers.flatten(), tf.layers.dense({ units: 10 })] });
    const curves = new LiveCurves({ title: "Training", autoShow: false });
    for (let e = 1; e <= 4; e++) curves.add(e, { loss: 1 / e, val_loss: 1.2 / e, acc: 1 - 0.5 / e, val_acc: 1 - 0.6 / e });
    const df = new dfd.DataFrame({ x: [1, 2, 3, 4], y: [2, 4, 3, 5] });
    // The order of a notebook: the first figure's library output arrives (through the sink) before it.
    outputs.push(formatValue(m).data);
    outputs.push(formatValue(df).data);
    const fig = formatValue(plot(df, { kind: "scatter", x: "x", y: "y" })).data;
    outputs.push(...rec.sent.map((s) => s.data), fig);
    outputs.push(curves.bundle());
    outputs.push(formatValue(plotModel(m, { showShapes: true })).data);
  } finally {
    rec.restore();
  }
  const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'self' 'unsafe-inline' data: blob:"></head><body>${outputs.map((o) => `<div class="output">${outputHtml(o)}</div>`).join("\n")}</body></html>`;
  assert.doesNotMatch(page.replace(/\/\* plotly\.js[\s\S]*?<\/script>/, ""), /(src|href)="https?:/);
  const r = probePage(page, path.join(artifactsDir, "display-render.png"));
  assert.equal(r.plots >= 2, true, `${r.plots} plotly plots`);
  assert.equal(r.traces, 1 + 4, "scatter trace + four curves");
  assert.equal(r.total, "54,170"); // conv 80 + dense 26·26·8·10+10
  assert.equal(r.graphNodes, 3);
  assert.deepEqual(r.violations, []);
  assert.deepEqual(r.resources.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:")), []);
  assert.ok(fs.statSync(path.join(artifactsDir, "display-render.png")).size > 10_000, "screenshot kept in test-artifacts/");
});
