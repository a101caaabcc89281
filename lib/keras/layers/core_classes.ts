/**
 * Keras 3's Flatten and Embedding where tfjs's differ, as subclasses of tfjs's classes registered
 * under the same names (so saved models load into these):
 *
 * - Flatten: tfjs's asks for rank ≥ 3 (Keras flattens any rank: [10] → [10, 1], [n, d] stays) and
 *   throws on a free non-batch dimension while building (Keras gives `null`: [5, 2, null] → [5, null]).
 * - Dense: `layer.activation = null` after construction means linear, as in Keras (tfjs's call
 *   reads `activation.getClassName()` and threw); an accessor on tfjs's Dense prototype.
 * - Embedding: Keras's "`inputDim` must be a positive integer" check also on `fromConfig`, and
 *   `supportsMasking` is exactly `maskZero` (tfjs leaves it undefined without `maskZero`); the
 *   config names its dtype from the start.
 * - Dropout: Keras's rate 1 drops everything while training (zeros); tfjs's call drops only for
 *   0 < rate < 1 and returned the input unchanged at rate 1.
 */
import * as tf from "@tensorflow/tfjs";

type LayerCtor = new (args: any) => tf.layers.Layer;
const TfFlatten = Object.getPrototypeOf(tf.layers.flatten()).constructor as LayerCtor;
const TfEmbedding = Object.getPrototypeOf(tf.layers.embedding({ inputDim: 1, outputDim: 1 })).constructor as LayerCtor;
const TfDropout = Object.getPrototypeOf(tf.layers.dropout({ rate: 0.5 })).constructor as LayerCtor;

export class DropoutLayer extends TfDropout {
  static className = "Dropout";
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    // Keras's backend.random.dropout: rate 1 gives zeros (only while training).
    if ((this as unknown as { rate: number }).rate >= 1 && kwargs?.training === true) {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return tf.zerosLike(x);
    }
    return super.call(inputs, kwargs);
  }
}
tf.serialization.registerClass(DropoutLayer as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

export class FlattenLayer extends TfFlatten {
  static className = "Flatten";
  constructor(args: Record<string, unknown> = {}) {
    super(args);
    this.inputSpec = [{ minNDim: 1 }];
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const rest = shape.slice(1);
    const size = rest.some((d) => d == null) ? null : rest.reduce((p: number, d) => p * (d as number), 1);
    return [shape[0]!, size];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (x.rank === 1) return tf.reshape(x, [x.shape[0], 1]);
    return super.call(inputs, kwargs);
  }
}
tf.serialization.registerClass(FlattenLayer as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

function describe(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** Keras's Embedding check: a positive integer (booleans and fractions refused). */
export function checkEmbeddingDim(name: "inputDim" | "outputDim", v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    const Err = typeof v === "number" && Number.isInteger(v) ? RangeError : TypeError;
    throw new Err(`Embedding: \`${name}\` must be a positive integer. Received: ${name}=${describe(v)} (of type ${v === null ? "null" : typeof v}).`);
  }
  return v;
}

export class EmbeddingLayer extends TfEmbedding {
  static className = "Embedding";
  constructor(args: Record<string, unknown>) {
    checkEmbeddingDim("inputDim", args.inputDim);
    checkEmbeddingDim("outputDim", args.outputDim);
    super(args);
    this.supportsMasking = Boolean(args.maskZero);
    // tfjs's Embedding sets its batchInputShape after Layer's constructor, so the dtype stays unset
    // and only appears in the config after a fromConfig: config → fromConfig → config changed.
    if ((this as any).dtype == null) (this as any).dtype = "float32";
  }
}
tf.serialization.registerClass(EmbeddingLayer as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

const denseProto = Object.getPrototypeOf(tf.layers.dense({ units: 1 })) as any;
if (!Object.getOwnPropertyDescriptor(denseProto, "activation")) {
  const linear = (tf.layers.dense({ units: 1, activation: "linear" }) as any).activation;
  const slot = Symbol("activation");
  Object.defineProperty(denseProto, "activation", {
    configurable: true,
    get(this: any) {
      return this[slot] ?? linear;
    },
    set(this: any, v: unknown) {
      this[slot] = v ?? linear;
    },
  });
}
