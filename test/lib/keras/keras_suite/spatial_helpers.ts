/**
 * numpy's indexing for the ported reshaping tests (zero_padding*, cropping*, up_sampling*): a
 * Python slice per axis, one index along one axis, and numpy's `repeat` as a gather of
 * ⌊i / times⌋ (independent of the tile-and-reshape the layers use).
 */
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { close, serializationRoundTrip } from "./lookup_helpers.js";

/** x[s0, s1, ...]: each axis [start, stop) with Python's negative stop, or null for `:`. */
export function pySlice(t: tf.Tensor, ranges: ([number, number] | null)[]): tf.Tensor {
  const begin = t.shape.map((_, a) => ranges[a]?.[0] ?? 0);
  const size = t.shape.map((d, a) => {
    const r = ranges[a];
    if (!r) return d;
    const stop = r[1] < 0 ? d + r[1] : Math.min(r[1], d);
    return stop - r[0];
  });
  return tf.slice(t, begin, size);
}

/** x[:, ..., index, ...] along `axis`, the axis kept with length 1; negative from the end. */
export function at(t: tf.Tensor, axis: number, index: number): tf.Tensor {
  const i = index < 0 ? t.shape[axis]! + index : index;
  return pySlice(t, t.shape.map((_, a) => (a === axis ? [i, i + 1] : null)));
}

export function allZero(t: tf.Tensor, what: string): void {
  assert.equal(tf.max(tf.abs(t)).dataSync()[0], 0, what);
}

/** np.repeat(x, times, axis). */
export function npRepeat(t: tf.Tensor, times: number, axis: number): tf.Tensor {
  const indices = Array.from({ length: t.shape[axis]! * times }, (_, i) => Math.floor(i / times));
  return tf.gather(t, tf.tensor1d(indices, "int32"), axis);
}

/** np.random.rand(*shape) in float32, seeded. */
export const rand = (shape: number[], seed: number): tf.Tensor => tf.randomUniform(shape, 0, 1, "float32", seed);

/**
 * What Keras's run_layer_test checks of a weightless layer: the eager output (`expected` values,
 * or only `expectedShape`), the symbolic output's shape, and the config round trip, the rebuilt
 * layer giving the same output.
 */
export function runLayerTest(make: () => tf.layers.Layer, input: tf.Tensor, expected: { output?: tf.Tensor; shape?: number[] }): void {
  const layer = make();
  const out = layer.apply(input) as tf.Tensor;
  const shape = expected.output?.shape ?? expected.shape!;
  assert.deepEqual(out.shape, shape, "eager shape");
  if (expected.output) close(out, expected.output.arraySync(), "eager output");
  assert.equal(layer.countParams(), 0, "no weights");
  assert.deepEqual((make().apply(tf.input({ batchShape: input.shape })) as tf.SymbolicTensor).shape, shape, "symbolic shape");
  const again = serializationRoundTrip(layer);
  close(again.apply(input), out.arraySync(), "output of the layer rebuilt from its config");
}
