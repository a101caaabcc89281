import { before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";
import { LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD, lstmSequence, registerLstmSequenceKernels, type LstmSequenceArgs } from "../../../../lib/backend/kernels/lstm_sequence.js";
import { nativeBlas } from "../../../../lib/backend/native/native_blas.js";
import { mulberry32 } from "../../../../lib/random/mulberry32.js";

function values(seed: number, n: number, scale = 1): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

interface Case {
  label: string;
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  bias: boolean;
  mask: boolean;
  goBackwards: boolean;
}

const cases: Case[] = [
  { label: "plain", batch: 3, steps: 5, inputDim: 4, units: 6, bias: true, mask: false, goBackwards: false },
  { label: "masked, backwards", batch: 4, steps: 6, inputDim: 3, units: 5, bias: true, mask: true, goBackwards: true },
  { label: "masked, no bias", batch: 2, steps: 4, inputDim: 2, units: 3, bias: false, mask: true, goBackwards: false },
  { label: "batch 1, units 1, one step", batch: 1, steps: 1, inputDim: 2, units: 1, bias: true, mask: false, goBackwards: false },
];

/** Every output of the forward kernel and of the backward kernel, as plain arrays, on the active backend. */
async function runBoth(c: Case): Promise<Float32Array[]> {
  const { batch: B, steps: T, inputDim: D, units: U } = c;
  const outputs = tf.tidy(() => {
    // A mask with holes in the middle and at both ends of the sequence, and one row fully taken.
    const maskValues = Float32Array.from({ length: B * T }, (_, i) => (c.mask && i % T !== 0 && (i * 7) % 5 === 1 ? 0 : 1));
    const inputs = {
      x: tf.tensor(values(1, B * T * D), [B, T, D]),
      kernel: tf.tensor(values(2, D * 4 * U, 0.7), [D, 4 * U]),
      recurrentKernel: tf.tensor(values(3, U * 4 * U, 0.7), [U, 4 * U]),
      bias: c.bias ? tf.tensor(values(4, 4 * U, 0.5), [4 * U]) : tf.zeros([0]),
      h0: tf.tensor(values(5, B * U, 0.5), [B, U]),
      c0: tf.tensor(values(6, B * U, 0.5), [B, U]),
      // Through bool, as the layer's mask comes: on webgpu the float32 cast keeps the bool buffer.
      mask: c.mask ? tf.cast(tf.tensor(maskValues, [B, T], "bool"), "float32") : tf.zeros([0]),
    };
    const attrs = { goBackwards: c.goBackwards };
    const forward = tf.engine().runKernel(LSTM_SEQUENCE, inputs as unknown as tf.NamedTensorMap, attrs) as tf.Tensor[];
    const [hSeq, , , gates, cSeq] = forward;
    const gradInputs = {
      ...inputs, hSeq, gates, cSeq,
      dhSeq: tf.tensor(values(7, B * T * U), [B, T, U]),
      dhLast: tf.tensor(values(8, B * U), [B, U]),
      dcLast: tf.tensor(values(9, B * U), [B, U]),
    };
    const backward = tf.engine().runKernel(LSTM_SEQUENCE_GRAD, gradInputs as unknown as tf.NamedTensorMap, attrs) as tf.Tensor[];
    return [...forward, ...backward];
  });
  // data(), not dataSync(): webgpu under Node cannot read synchronously.
  const read = await Promise.all(outputs.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(outputs);
  return read;
}

const names = ["hSeq", "hLast", "cLast", "gates", "cSeq", "dx", "dKernel", "dRecurrentKernel", "dBias", "dh0", "dc0"];

before(() => registerLstmSequenceKernels());

test("the native LSTM kernels (wasm) equal the TypeScript ones (cpu): masks, goBackwards, no bias, batch 1, units 1", { skip: nativeBlas() ? false : "the native addon is not built" }, async () => {
  for (const c of cases) {
    await backend.use("cpu");
    const reference = await runBoth(c);
    await backend.use("wasm");
    const native = await runBoth(c);
    reference.forEach((expected, k) => {
      assert.equal(native[k]!.length, expected.length, `${c.label} ${names[k]}`);
      expected.forEach((e, i) => assert.ok(Math.abs(native[k]![i]! - e) <= 1e-5 * (1 + Math.abs(e)), `${c.label} ${names[k]}[${i}]: ${native[k]![i]} vs ${e}`));
    });
  }
});

test("the kernel refuses inputs of the wrong shape or dtype, naming them", async () => {
  await backend.use("cpu");
  const ok: LstmSequenceArgs = {
    x: tf.zeros([2, 3, 4]), kernel: tf.zeros([4, 8]), recurrentKernel: tf.zeros([2, 8]), bias: null,
    h0: tf.zeros([2, 2]), c0: tf.zeros([2, 2]), mask: null, goBackwards: false,
  };
  assert.throws(() => lstmSequence({ ...ok, kernel: tf.zeros([3, 8]) as tf.Tensor2D }), /kernel must have shape \[4,8\], got \[3,8\]/);
  assert.throws(() => lstmSequence({ ...ok, h0: tf.zeros([1, 2]) as tf.Tensor2D }), /h0 must have shape \[2,2\]/);
  assert.throws(() => lstmSequence({ ...ok, bias: tf.zeros([7]) as tf.Tensor1D }), /bias must have shape \[8\]/);
  assert.throws(() => lstmSequence({ ...ok, x: tf.zeros([2, 3, 4], "int32") as tf.Tensor3D }), /x must be float32/);
  const { sequence, lastH, lastC } = lstmSequence(ok);
  assert.deepEqual([sequence.shape, lastH.shape, lastC.shape], [[2, 3, 2], [2, 2], [2, 2]]);
});

// Wider than one workgroup (units 300: each invocation walks several units) and a long sequence.
const webgpuCases: Case[] = [
  ...cases,
  { label: "units 300, masked", batch: 2, steps: 3, inputDim: 5, units: 300, bias: true, mask: true, goBackwards: false },
  { label: "50 steps, backwards, no bias", batch: 3, steps: 50, inputDim: 4, units: 8, bias: false, mask: false, goBackwards: true },
];

test("the webgpu LSTM kernels equal the TypeScript ones (cpu): masks, goBackwards, no bias, batch 1, wide units, long sequences", { timeout: 180_000 }, async () => {
  for (const c of webgpuCases) {
    await backend.use("cpu");
    const reference = await runBoth(c);
    await backend.use("webgpu");
    const gpu = await runBoth(c);
    reference.forEach((expected, k) => {
      assert.equal(gpu[k]!.length, expected.length, `${c.label} ${names[k]}`);
      expected.forEach((e, i) => assert.ok(Math.abs(gpu[k]![i]! - e) <= 2e-5 * (1 + Math.abs(e)) * Math.sqrt(c.steps), `${c.label} ${names[k]}[${i}]: ${gpu[k]![i]} vs ${e}`));
    });
  }
  await backend.use("cpu");
});

test("on webgpu a batch wider than one dispatch is refused, naming the adapter's limit", { timeout: 60_000 }, async () => {
  await backend.use("webgpu");
  const device = (tf.backend() as unknown as { device: { limits: { maxComputeWorkgroupsPerDimension: number } } }).device;
  const B = device.limits.maxComputeWorkgroupsPerDimension + 1;
  const args: LstmSequenceArgs = {
    x: tf.zeros([B, 1, 1]), kernel: tf.zeros([1, 4]), recurrentKernel: tf.zeros([1, 4]), bias: null,
    h0: tf.zeros([B, 1]), c0: tf.zeros([B, 1]), mask: null, goBackwards: false,
  };
  assert.throws(() => lstmSequence(args), new RegExp(`a batch of ${B} rows is more than this adapter's maxComputeWorkgroupsPerDimension`));
  tf.dispose([args.x, args.kernel, args.recurrentKernel, args.h0, args.c0]);
  await backend.use("cpu");
});
