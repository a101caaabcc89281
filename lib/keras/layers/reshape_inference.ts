/**
 * Keras infers Reshape's -1 dimension while building the graph whenever the input's non-batch
 * dimensions are known (`Reshape([-1, 4])` on [null, 6, 2] gives [null, 3, 4]). tfjs gives up as
 * soon as any dimension is unknown, and the batch dimension always is, so its -1 stays null and
 * every layer after it loses that size. Installed once on tfjs's Reshape prototype, so layers
 * built anywhere (and models loaded from JSON) get it too.
 */
import * as tf from "@tensorflow/tfjs";

const INSTALLED = Symbol.for("tslab-keras.reshapeInference");

function text(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d == null ? "null" : d)).join(", ")}]`;
}

export function installReshapeInference(): void {
  const proto = Object.getPrototypeOf(tf.layers.reshape({ targetShape: [1] })) as any;
  if (proto[INSTALLED]) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  proto.computeOutputShape = function (this: any, inputShape: (number | null)[]) {
    const target: (number | null)[] = this.targetShape;
    const sample = inputShape.slice(1);
    // tfjs stores the -1 as null; show it as the user wrote it.
    const written = text(target.map((d) => (d == null ? -1 : d)));
    if (sample.some((d) => d == null || d < 0)) return [inputShape[0], ...target];
    const size = sample.reduce((p: number, d) => p * (d as number), 1);
    const known = target.reduce((p: number, d) => (d == null ? p : p * d), 1);
    const unknown = target.indexOf(null);
    if (unknown < 0) {
      if (known !== size) throw new RangeError(`Reshape: cannot reshape input of shape ${text(inputShape)} (${size} values per sample) to targetShape ${written} (${known})`);
      return [inputShape[0], ...target];
    }
    if (known === 0 || size % known !== 0) {
      throw new RangeError(`Reshape: cannot reshape input of shape ${text(inputShape)} (${size} values per sample) to targetShape ${written}: ${size} is not divisible by ${known}`);
    }
    const out = target.slice();
    out[unknown] = size / known;
    return [inputShape[0], ...out];
  };
}
