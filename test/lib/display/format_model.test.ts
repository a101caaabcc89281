import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { formatModel } from "../../../lib/display/format_model.js";
import { summaryText } from "../../../lib/display/model_summary.js";

test("a model renders as an HTML table with totals and nested models folded, plus the summary text", () => {
  const inner = tf.sequential({ name: "encoder", layers: [tf.layers.dense({ units: 8, inputShape: [4], name: "enc_dense" })] });
  const m = tf.sequential({ name: "classifier" });
  m.add(tf.layers.inputLayer({ inputShape: [4] }));
  m.add(inner);
  m.add(tf.layers.dense({ units: 3, name: "logits" }));
  const b = formatModel(m)!;
  assert.equal(b["text/plain"], summaryText(m));
  const html = String(b["text/html"]);
  assert.match(html, /<b>Model: "classifier"<\/b>/);
  assert.match(html, /<code>logits<\/code> \(Dense\)<\/td><td><code>\(None, 3\)<\/code><\/td><td style="text-align:right">27<\/td>/);
  assert.match(html, /<details><summary[^>]*>1 layers inside <code>encoder<\/code><\/summary>.*enc_dense/);
  assert.match(html, /class="tk-total-params"><b>Total params:<\/b> <span class="tk-count">67<\/span> \(268.00 B\)/);
  assert.doesNotMatch(html, /Connected to/);
});

test("a graph model's table has the Connected to column; names are HTML-escaped; other values are not claimed", () => {
  const a = tf.input({ shape: [2], name: "x" });
  const m = tf.model({ name: "x<y", inputs: a, outputs: tf.layers.dense({ units: 1, name: "d" }).apply(tf.layers.concatenate().apply([a, a]) as tf.SymbolicTensor) as tf.SymbolicTensor });
  const html = String(formatModel(m)!["text/html"]);
  assert.match(html, /<th style="text-align:left">Connected to<\/th>/);
  assert.match(html, /x&lt;y/);
  assert.doesNotMatch(html, /x<y/);
  assert.equal(formatModel({ layers: [] }), undefined);
  assert.equal(formatModel(tf.scalar(1)), undefined);
});
