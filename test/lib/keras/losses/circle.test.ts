import { test } from "node:test";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { Circle, circle } from "../../../../lib/keras/losses/circle.js";
import { keras } from "../../../../lib/keras/index.js";
import { mulberry32 } from "../../../../lib/random/mulberry32.js";
import { onBackends, onCpuOnly } from "../backends.js";

// Debian's torch (python3-torch) runs under /usr/bin/python3, not the python3 first on PATH.
const python = "/usr/bin/python3";

/** Rows of unit length, seeded. */
function unitRows(seed: number, rows: number, dims: number): tf.Tensor2D {
  const rand = mulberry32(seed);
  const x = tf.tensor2d(Float32Array.from({ length: rows * dims }, () => rand() * 2 - 1), [rows, dims]);
  return tf.div(x, tf.norm(x, 2, 1, true)) as tf.Tensor2D;
}

// Label 7 has one sample only: no positives, a loss of 0, left out of the mean.
const LABELS = [0, 1, 0, 2, 1, 2, 7, 0];

let torchResult: { gamma: number; margin: number; loss: number; grad: number[][] }[] | undefined;

/**
 * Keras's circle (keras/src/losses/losses.py), written in torch in float64, reduced as Circle's
 * default (the mean over the positive losses), and its gradient by torch's autograd.
 */
function torchCircle(embeddings: tf.Tensor2D): { gamma: number; margin: number; loss: number; grad: number[][] }[] {
  if (torchResult !== undefined) return torchResult;
  const script = `
import json, sys, torch
a = json.loads(sys.stdin.read())
y = torch.tensor(a["labels"])
out = []
for gamma, margin in [(80.0, 0.4), (16.0, 0.25)]:
    e = torch.tensor(a["embeddings"], dtype=torch.float64, requires_grad=True)
    d = torch.clamp(1 - e @ e.T, min=0)
    pos = (y[:, None] == y[None, :]) & ~torch.eye(len(y), dtype=torch.bool)
    neg = ~(y[:, None] == y[None, :])
    pw = torch.clamp((margin + d) * pos, min=0)
    nw = torch.clamp((1 + margin - d) * neg, min=0)
    inf = torch.tensor(float("-inf"), dtype=torch.float64)
    pl = torch.logsumexp(torch.where(pos, -gamma * pw * (margin - d), inf), 1)
    nl = torch.logsumexp(torch.where(neg, gamma * nw * (1 - margin - d), inf), 1)
    loss = torch.nn.functional.softplus(pl + nl)
    kept = (loss > 0).double()
    reduced = (loss * kept).sum() / kept.sum()
    reduced.backward()
    out.append({"gamma": gamma, "margin": margin, "loss": reduced.item(), "grad": e.grad.tolist()})
print(json.dumps(out))
`;
  const input = JSON.stringify({ labels: LABELS, embeddings: embeddings.arraySync() });
  torchResult = JSON.parse(execFileSync(python, ["-c", script], { input, encoding: "utf8" }));
  return torchResult!;
}

onBackends(() => {
  test("Circle's value and gradient equal Keras's formula under torch's autograd, a sample without positives included", () => {
    const embeddings = unitRows(11, LABELS.length, 5);
    const labels = tf.tensor1d(LABELS, "int32");
    for (const want of torchCircle(embeddings)) {
      const loss = Circle({ gamma: want.gamma, margin: want.margin });
      const got = loss(labels, embeddings).dataSync()[0]!;
      assert.ok(Math.abs(got - want.loss) < 1e-4 * (1 + want.loss), `gamma ${want.gamma}: ${got} vs torch ${want.loss}`);
      const grad = tf.grad((e) => loss(labels, e))(embeddings);
      const diff = tf.max(tf.abs(tf.sub(grad, tf.tensor2d(want.grad)))).dataSync()[0]!;
      const scale = tf.max(tf.abs(tf.tensor2d(want.grad))).dataSync()[0]!;
      assert.ok(diff < 1e-4 * (1 + scale), `gamma ${want.gamma}: gradient off by ${diff} (largest ${scale})`);
    }
  });

  test("a sample with no positives has a loss of 0 and no NaN in any gradient", () => {
    const embeddings = unitRows(12, 3, 4);
    const labels = tf.tensor1d([5, 6, 7], "int32");
    assert.deepEqual(Array.from(circle(labels, embeddings).dataSync()), [0, 0, 0]);
    assert.equal(Circle()(labels, embeddings).dataSync()[0], 0, "nothing kept: 0, not NaN");
    const grad = tf.grad((e) => Circle()(labels, e))(embeddings);
    assert.equal(tf.all(tf.isFinite(grad)).dataSync()[0], 1);
  });

  test("compile({ loss: \"circle\" }) takes class-index targets for embeddings, evaluates to Circle's masked mean and trains", async () => {
    const x = unitRows(13, 8, 3);
    const y = tf.tensor1d(LABELS);
    const model = keras.Sequential([keras.layers.Dense(4, { inputShape: [3] })]);
    model.compile({ optimizer: keras.optimizers.SGD(0.01), loss: "circle" });
    const evaluated = (model.evaluate(x, y, { batchSize: 8 }) as tf.Scalar).dataSync()[0]!;
    const expected = Circle()(y, model.predict(x) as tf.Tensor).dataSync()[0]!;
    assert.ok(Math.abs(evaluated - expected) < 1e-3 * (1 + expected), `evaluate ${evaluated} vs Circle ${expected}`);
    const history = await model.fit(x, y, { epochs: 10, batchSize: 8, verbose: 0 });
    const curve = history.history.loss as number[];
    assert.ok(curve.every(Number.isFinite) && curve[9]! < curve[0]!, `the loss falls: ${curve}`);
  });
});

onCpuOnly(() => {
  test("circle refuses embeddings that are not [batch, dims] and labels that do not match them", () => {
    assert.throws(() => circle(tf.tensor1d([1, 2]), tf.ones([2, 2, 2])), /circle: the embeddings must be of shape \[batch, dims\]/);
    assert.throws(() => circle(tf.tensor1d([1, 2, 3]), tf.ones([2, 2])), /circle: one label per embedding; got 3 labels for 2 embeddings/);
    assert.throws(() => circle(tf.tensor1d([1, 2]), tf.ones([2, 2]), { gamma: "80" as never }), /circle: `gamma` must be a number/);
  });
});
