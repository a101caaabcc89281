/**
 * The parts of Keras's `run_layer_test` (keras/src/testing/test_case.py) that apply to the core
 * layers' ports: config round trip through the class registered under the layer's class name,
 * symbolic output shape (a fresh layer on `keras.Input({ batchShape })`), eager output shape and
 * values (another fresh layer), trainable / non-trainable weight and loss counts after the build,
 * `supportsMasking`, and `assert_built_after_instantiation`. Not approximated: seed-generator
 * counts (tfjs has no SeedGenerator objects) and the training check (`fit` on random data).
 */
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { keras } from "../../../../lib/index.js";
import { close } from "./lookup_helpers.js";

export interface LayerTestSpec {
  make: () => tf.layers.Layer;
  /** Full input shape, batch axis included (Keras's input_shape). */
  inputShape?: number[];
  inputData?: tf.Tensor;
  inputDtype?: "float32" | "int32";
  expectedOutputShape?: (number | null)[];
  expectedOutput?: tf.Tensor;
  expectedNumTrainableWeights?: number;
  expectedNumNonTrainableWeights?: number;
  expectedNumLosses?: number;
  supportsMasking?: boolean;
  training?: boolean;
  assertBuiltAfterInstantiation?: boolean;
  /** false for layers that cannot be serialized (Lambda). */
  serializable?: boolean;
}

/** Keras's create_eager_tensors: floats uniform in [0, 1), ints `uniform * 3` cast (0, 1 or 2). */
export function kerasInput(shape: number[], dtype: "float32" | "int32" = "float32", seed = 1337): tf.Tensor {
  const u = tf.randomUniform(shape, 0, 1, "float32", seed);
  return dtype === "int32" ? tf.cast(tf.floor(tf.mul(u, 3)), "int32") : u;
}

/**
 * Keras's run_class_serialization_test: config → fromConfig (the class registered under the
 * layer's class name) → the same config. The config is deep-copied first (tfjs's deserialization
 * writes `customObjects` into nested configs).
 */
export function serializationRoundTrip(layer: tf.layers.Layer): tf.layers.Layer {
  const config = layer.getConfig();
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
  assert.ok(entry, `${layer.getClassName()} is registered`);
  const [cls, fromConfig] = entry;
  const again = fromConfig(cls, JSON.parse(JSON.stringify(config))) as tf.layers.Layer;
  assert.equal(again.getClassName(), layer.getClassName());
  assert.deepEqual(again.getConfig(), config, "config → fromConfig → getConfig");
  return again;
}

export function runLayerTest(spec: LayerTestSpec): void {
  const first = spec.make();
  if (spec.assertBuiltAfterInstantiation) assert.equal(first.built, true, "built after instantiation");
  if (spec.serializable !== false) serializationRoundTrip(first);
  if (spec.supportsMasking !== undefined) assert.equal(first.supportsMasking, spec.supportsMasking, "supportsMasking");

  const dtype = spec.inputDtype ?? (spec.inputData?.dtype as "float32" | "int32" | undefined) ?? "float32";
  const shape = spec.inputShape ?? spec.inputData!.shape;
  const expectedShape = spec.expectedOutputShape ?? spec.expectedOutput?.shape;

  // Symbolic call on a fresh layer.
  const symbolicLayer = spec.make();
  const sym = symbolicLayer.apply(keras.Input({ batchShape: shape, dtype })) as tf.SymbolicTensor;
  if (expectedShape) assert.deepEqual(sym.shape, expectedShape, "symbolic output shape");
  if (spec.serializable !== false) serializationRoundTrip(symbolicLayer);

  // Eager call on another fresh layer.
  const layer = spec.make();
  const x = spec.inputData ?? kerasInput(shape, dtype);
  const y = layer.apply(x, spec.training === undefined ? {} : { training: spec.training }) as tf.Tensor;
  if (expectedShape) assert.deepEqual(y.shape, expectedShape, "eager output shape");
  if (spec.expectedOutput) close(y, spec.expectedOutput.arraySync(), "eager output");
  if (spec.expectedNumTrainableWeights !== undefined) assert.equal(layer.trainableWeights.length, spec.expectedNumTrainableWeights, "trainable weights");
  if (spec.expectedNumNonTrainableWeights !== undefined) assert.equal(layer.nonTrainableWeights.length, spec.expectedNumNonTrainableWeights, "non-trainable weights");
  if (spec.expectedNumLosses !== undefined) assert.equal(layer.losses.length, spec.expectedNumLosses, "losses");
  if (spec.serializable !== false) serializationRoundTrip(layer);
}

/** np.random.random(shape).astype("float32"), seeded. */
export function npRandom(shape: number[], seed = 7): tf.Tensor {
  return tf.randomUniform(shape, 0, 1, "float32", seed);
}

/** Asserts `fn` throws an error of class `type` whose message matches `pattern` (assertRaisesRegex). */
export function raises(fn: () => unknown, type: new (...a: any[]) => Error, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}
