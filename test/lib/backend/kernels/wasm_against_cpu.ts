import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../../lib/backend/index.js";
import { withTfjsCpuKernels } from "../../../../lib/backend/kernels/register.js";

/**
 * Runs `compute` on wasm (our kernels) and on cpu with tfjs's original kernels, from the same
 * input values, and asserts the results agree within `tolerance` relative to the output's
 * largest magnitude (at least 1): sums of many products lose digits to cancellation in both.
 */
export async function assertWasmMatchesCpu(
  label: string,
  inputShapes: number[][],
  compute: (...inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  tolerance = 1e-5,
): Promise<void> {
  await backend.use("wasm");
  const values = inputShapes.map((shape, i) => tf.randomUniform(shape, -1, 1, "float32", 11 + i).dataSync().slice());
  const run = () => tf.tidy(() => {
    const result = compute(...values.map((v, i) => tf.tensor(v, inputShapes[i])));
    return (Array.isArray(result) ? result : [result]).map((t) => ({ shape: t.shape, data: t.dataSync().slice() }));
  });
  const ours = run();
  await tf.setBackend("cpu");
  const reference = await withTfjsCpuKernels(async () => run());
  await tf.setBackend("wasm");
  assert.equal(ours.length, reference.length, label);
  reference.forEach((expected, j) => {
    assert.deepEqual(ours[j]!.shape, expected.shape, `${label}: shape of output ${j}`);
    const scale = Array.from(expected.data as Float32Array).reduce((max, e) => Math.max(max, Math.abs(e)), 1);
    expected.data.forEach((e, i) => {
      const got = ours[j]!.data[i]!;
      assert.ok(Math.abs(got - e) <= tolerance * scale, `${label} output ${j} [${i}]: ${got} vs ${e} (scale ${scale})`);
    });
  });
}
