import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../lib/backend/index.js";
import { withTfjsCpuKernels } from "../../../lib/backend/kernels/register.js";
import { layerCases, type LayerCase } from "./layer_cases.js";

/** Deterministic values in [-1, 1) (or ids below 20), so every backend sees the same numbers. */
function sequence(length: number, seed: number, int = false): number[] {
  let state = seed * 2654435761 >>> 0;
  return Array.from({ length }, () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return int ? state % 20 : state / 2 ** 31 - 1;
  });
}

interface Result {
  weights: Float32Array[];
  output: Float32Array;
  grads: Float32Array[];
}

const batch = 2;

/** Forward in training mode and the gradient of sum(output × fixed weights) w.r.t. every weight and float input. */
async function run(layerCase: LayerCase, weights?: Float32Array[]): Promise<Result> {
  const model = layerCase.build();
  try {
    if (weights) model.setWeights(weights.map((values, i) => tf.tensor(values, model.weights[i]!.shape as number[])));
    const inputs = layerCase.inputs.map((input, i) => {
      const size = batch * input.shape.reduce((a, b) => a * b, 1);
      return tf.tensor(sequence(size, 7 + i, input.int), [batch, ...input.shape], input.int ? "int32" : "float32");
    });
    const variables = model.trainableWeights.map((weight) => weight.read());
    const floatInputs = inputs.filter((input) => input.dtype === "float32");
    const forward = () =>
      model.apply(inputs.length === 1 ? inputs[0]! : inputs, { training: !layerCase.inference }) as tf.Tensor;
    const output = forward();
    const f = () => {
      const output = forward();
      const mix = tf.tensor(sequence(output.size, 3), output.shape);
      return tf.sum(tf.mul(output, mix)) as tf.Scalar;
    };
    const { grads } = tf.valueAndGrads(f)([...variables, ...floatInputs]);
    // data(), not dataSync(): webgpu's synchronous read needs OffscreenCanvas.
    const result = {
      weights: await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array)),
      output: (await output.data()) as Float32Array,
      grads: await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array)),
    };
    tf.dispose([...inputs, ...grads, output]);
    return result;
  } finally {
    model.dispose();
  }
}

function assertClose(actual: Float32Array, expected: Float32Array, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tolerance * (1 + Math.abs(e)))) {
      assert.fail(`${what}[${i}]: got ${a}, cpu reference ${e} (tolerance ${tolerance})`);
    }
  }
}

test("every layer's forward and gradients on cpu, wasm and webgpu match tfjs's cpu kernels", { timeout: 240_000 }, async (t) => {
  await backend.use("cpu");
  // The reference is tfjs's own cpu kernels, not the replacements we register for cpu too.
  const reference = await withTfjsCpuKernels(async () => {
    const results = new Map<string, Result>();
    for (const c of layerCases) results.set(c.name, await run(c));
    return results;
  });
  await t.test("cpu (our kernels)", async () => {
    const failures: string[] = [];
    for (const layerCase of layerCases) {
      const expected = reference.get(layerCase.name)!;
      const actual = await run(layerCase, expected.weights);
      try {
        actual.grads.forEach((g, i) => assertClose(g, expected.grads[i]!, 1e-4, `${layerCase.name} gradient ${i}`));
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    assert.deepEqual(failures, []);
  });
  for (const [name, tolerance] of [["wasm", 1e-3], ["webgpu", 1e-2]] as const) {
    await t.test(name, async () => {
      const info = await backend.use(name);
      assert.equal(tf.getBackend(), name);
      assert.equal(info.name, name);
      const failures: string[] = [];
      for (const layerCase of layerCases) {
        const expected = reference.get(layerCase.name)!;
        try {
          const actual = await run(layerCase, expected.weights);
          assertClose(actual.output, expected.output, tolerance, `${layerCase.name} output`);
          assert.equal(actual.grads.length, expected.grads.length);
          actual.grads.forEach((g, i) => assertClose(g, expected.grads[i]!, tolerance, `${layerCase.name} gradient ${i}`));
        } catch (error) {
          failures.push(`${layerCase.name}: ${(error as Error).message.split("\n")[0]}`);
        }
      }
      assert.deepEqual(failures, [], `on ${name}`);
    });
  }
  await backend.use("cpu");
});
