import { test } from "node:test";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { CTC, ctc, ctcLoss } from "../../../../lib/keras/losses/ctc.js";
import { keras } from "../../../../lib/keras/index.js";
import { mulberry32 } from "../../../../lib/random/mulberry32.js";
import { onBackends, onCpuOnly } from "../backends.js";

// Debian's torch (python3-torch) runs under /usr/bin/python3, not the python3 first on PATH.
const python = "/usr/bin/python3";

function uniform(seed: number, shape: number[], scale = 1): tf.Tensor {
  const rand = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale), shape);
}

interface Case {
  logits: tf.Tensor;
  targets: number[][];
  targetLengths: number[];
  outputLengths: number[];
  blank: number;
}

const kerasLogits = () => tf.div(tf.sub(tf.range(0, 24).reshape([2, 4, 3]), 12), 100);

const CASES: Record<string, () => Case> = {
  // A repeat (needs a blank between), a label using every class, a one-label sequence.
  full: () => ({ logits: uniform(1, [3, 7, 5], 2), targets: [[1, 1, 2, 0], [4, 3, 2, 1], [3, 0, 0, 0]], targetLengths: [3, 4, 1], outputLengths: [7, 7, 7], blank: 0 }),
  partial: () => ({ logits: uniform(2, [3, 6, 4], 1.5), targets: [[1, 2, 3], [2, 2, 0], [3, 1, 0]], targetLengths: [3, 2, 0], outputLengths: [6, 4, 3], blank: 0 }),
  blank3: () => ({ logits: uniform(3, [2, 5, 4], 1), targets: [[0, 1, 1], [2, 0, 1]], targetLengths: [3, 2], outputLengths: [5, 5], blank: 3 }),
  // Keras's CTCTest data, with the label lengths Keras's ctc gives it.
  keras: () => ({ logits: kerasLogits(), targets: [[1, 2, 1, 0], [1, 2, 0, 2]], targetLengths: [3, 3], outputLengths: [4, 4], blank: 0 }),
};

let torchResults: Record<string, { loss: number[]; grad: number[][][] }> | undefined;

/**
 * torch.nn.functional.ctc_loss (reduction "none") of log_softmax(logits) and its gradient with
 * respect to the logits, in float64: the reference Keras's torch backend calls. Every case in one
 * Python run, once for both backends.
 */
function torchCTC(name: keyof typeof CASES): { loss: number[]; grad: number[][][] } {
  if (torchResults === undefined) {
    const script = `
import json, sys, torch
out = {}
for name, a in json.loads(sys.stdin.read()).items():
    logits = torch.tensor(a["logits"], dtype=torch.float64, requires_grad=True)
    logp = torch.log_softmax(logits, dim=-1).transpose(0, 1)
    loss = torch.nn.functional.ctc_loss(logp, torch.tensor(a["targets"]), torch.tensor(a["outputLengths"]), torch.tensor(a["targetLengths"]), blank=a["blank"], reduction="none")
    loss.sum().backward()
    out[name] = {"loss": loss.tolist(), "grad": logits.grad.tolist()}
print(json.dumps(out))
`;
    const input = Object.fromEntries(
      Object.entries(CASES).map(([name, make]) => {
        const c = make();
        return [name, { logits: c.logits.arraySync(), targets: c.targets, targetLengths: c.targetLengths, outputLengths: c.outputLengths, blank: c.blank }];
      }),
    );
    torchResults = JSON.parse(execFileSync(python, ["-c", script], { input: JSON.stringify(input), encoding: "utf8" }));
  }
  return torchResults![name]!;
}

function maxDiff(a: tf.Tensor, b: number[] | number[][][]): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, tf.tensor(b as number[])))).dataSync()[0]!);
}

function checkAgainstTorch(name: keyof typeof CASES): void {
  const c = CASES[name]!();
  const want = torchCTC(name);
  const targets = tf.tensor2d(c.targets, undefined, "int32");
  const loss = ctcLoss(targets, c.logits, c.targetLengths, c.outputLengths, c.blank);
  assert.ok(maxDiff(loss, want.loss) < 1e-4, `${name}: ${Array.from(loss.dataSync())} vs torch ${want.loss}`);
  const grad = tf.grad((x) => tf.sum(ctcLoss(targets, x, c.targetLengths, c.outputLengths, c.blank)))(c.logits);
  assert.ok(maxDiff(grad, want.grad) < 1e-4, `${name}: gradient off by ${maxDiff(grad, want.grad)}`);
}

onBackends(() => {
  test("ctcLoss equals torch's ctc_loss, values and gradients: repeats, padding, short labels", () => {
    checkAgainstTorch("full");
  });

  test("ctcLoss: each sample's outputLength steps count, the rest are ignored (as torch)", () => {
    checkAgainstTorch("partial");
  });

  test("ctcLoss: another blank index (maskIndex) is torch's blank", () => {
    checkAgainstTorch("blank3");
  });

  test("ctc (the loss function) counts the non-zero labels, as Keras: a 0 inside the labels ends nothing", () => {
    // Keras's CTCTest data: the second sample [1, 2, 0, 2] has three non-zero labels, so its
    // sequence is its first three entries [1, 2, 0] (what every Keras backend computes).
    const logits = kerasLogits();
    const yTrue = tf.tensor2d([[1, 2, 1, 0], [1, 2, 0, 2]], undefined, "int32");
    const want = torchCTC("keras");
    assert.ok(maxDiff(ctc(yTrue, logits), want.loss) < 1e-5, `${Array.from(ctc(yTrue, logits).dataSync())} vs ${want.loss}`);
    assert.ok(Math.abs(CTC()(yTrue, logits).dataSync()[0]! - (want.loss[0]! + want.loss[1]!) / 2) < 1e-5);
  });

  test("a label sequence the steps cannot spell costs about 1e5 (Keras's jax/numpy log_epsilon), finite, with a finite gradient", () => {
    // Two repeated labels need three steps; two steps cannot spell them.
    const logits = uniform(4, [1, 2, 3]);
    const targets = tf.tensor2d([[1, 1]], undefined, "int32");
    const loss = ctc(targets, logits).dataSync()[0]!;
    assert.ok(loss > 5e4 && Number.isFinite(loss), `${loss}`);
    const grad = tf.grad((x) => tf.sum(ctc(targets, x)))(logits);
    assert.ok(tf.all(tf.isFinite(grad)).dataSync()[0] === 1);
  });

  test("compile({ loss: \"ctc\" }) takes [batch, max_length] labels for a [batch, steps, classes] output, evaluates to the CTC loss and trains", async () => {
    const x = uniform(5, [4, 6, 3]);
    const y = tf.tensor2d([[1, 2, 0], [2, 2, 1], [1, 0, 0], [3, 1, 2]], undefined, "int32");
    const model = keras.Sequential([keras.layers.Dense(4, { inputShape: [6, 3] })]);
    model.compile({ optimizer: keras.optimizers.Adam(0.05), loss: "ctc" });
    const evaluated = (model.evaluate(x, y) as tf.Scalar).dataSync()[0]!;
    const expected = CTC()(y, model.predict(x) as tf.Tensor).dataSync()[0]!;
    assert.ok(Math.abs(evaluated - expected) < 1e-4, `evaluate ${evaluated} vs the loss ${expected}`);
    const history = await model.fit(x, y, { epochs: 20, verbose: 0 });
    const lossCurve = history.history.loss as number[];
    assert.ok(lossCurve[19]! < lossCurve[0]! - 0.5, `the loss falls: ${lossCurve[0]} → ${lossCurve[19]}`);
  });
});

onCpuOnly(() => {
  test("ctc refuses targets or logits of the wrong rank, as Keras", () => {
    assert.throws(() => ctc(tf.ones([2]), tf.ones([2, 3, 4])), /Targets `y_true` are expected to be a tensor of shape `\(batch_size, max_length\)` in integer format. Received: y_true.shape=\[2\]/);
    assert.throws(() => ctc(tf.ones([2, 3]), tf.ones([2, 3])), /Logits `y_pred` are expected to be a tensor of shape `\(batch_size, max_length, num_classes\)`. Received: y_pred.shape=\[2, 3\]/);
    assert.throws(() => ctcLoss(tf.ones([3, 2]), tf.ones([2, 3, 4]), [1, 1, 1], [3, 3]), /must have the same first dimension/);
    assert.throws(() => ctcLoss(tf.ones([2, 2]), tf.ones([2, 3, 4]), [1, 1], [3, 3, 3]), /`outputLength` must be of shape \[2\]/);
    assert.throws(() => ctcLoss(tf.ones([2, 2]), tf.ones([2, 3, 4]), [1, 1], [3, 3], 4), /`maskIndex` must be a class index in \[0, 4\)/);
  });
});
