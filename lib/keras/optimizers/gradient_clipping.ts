/**
 * Keras 3's gradient clipping, which every Keras optimizer takes (base_optimizer.py
 * `_clip_gradients`), applied to the gradients before weight decay and the update:
 * `clipnorm` clips each gradient to that L2 norm (`g·c / max(‖g‖, c)`, a zero gradient stays
 * zero), `globalClipnorm` scales all gradients together so their joint norm is at most c (a
 * non-finite joint norm makes every gradient NaN, as Keras's does), `clipvalue` clips each element
 * to [−c, c]. At most one of the three may be set. tfjs's optimizers have none of them.
 */
import * as tf from "@tensorflow/tfjs";

export interface GradientClippingOptions {
  clipnorm?: number | null;
  clipvalue?: number | null;
  globalClipnorm?: number | null;
}

type Gradients = tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[];

export class GradientClipping {
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;

  constructor(owner: string, options: GradientClippingOptions = {}) {
    const { clipnorm = null, clipvalue = null, globalClipnorm = null } = options;
    for (const [name, value] of [["clipnorm", clipnorm], ["clipvalue", clipvalue], ["globalClipnorm", globalClipnorm]] as const) {
      if (value !== null && !(typeof value === "number" && Number.isFinite(value) && value > 0)) {
        throw new RangeError(`${owner}: \`${name}\` must be a number > 0 or null; got ${JSON.stringify(value)}`);
      }
    }
    if ([clipnorm, clipvalue, globalClipnorm].filter((v) => v !== null).length > 1) {
      throw new RangeError(`${owner}: only one of \`clipnorm\`, \`clipvalue\` and \`globalClipnorm\` can be set. Received: clipnorm=${clipnorm}, clipvalue=${clipvalue}, globalClipnorm=${globalClipnorm}`);
    }
    this.clipnorm = clipnorm;
    this.clipvalue = clipvalue;
    this.globalClipnorm = globalClipnorm;
  }

  get active(): boolean {
    return this.clipnorm !== null || this.clipvalue !== null || this.globalClipnorm !== null;
  }

  /** Keras's `_clip_gradients(grads)`: the clipped gradients, in order (the caller owns them). */
  clipGradients(gradients: (tf.Tensor | null | undefined)[]): (tf.Tensor | null | undefined)[] {
    if (!this.active) return gradients;
    const clipped: (tf.Tensor | null | undefined)[] = [];
    tf.tidy(() => {
      const keep = (t: tf.Tensor | null | undefined) => (t == null ? t : tf.keep(t));
      clipped.push(...this.clipStep(gradients).map(keep));
    });
    return clipped;
  }

  private clipStep(gradients: (tf.Tensor | null | undefined)[]): (tf.Tensor | null | undefined)[] {
    if (this.clipnorm !== null) {
      const c = this.clipnorm;
      return gradients.map((g) => {
        if (g == null) return g;
        // A zero gradient stays zero (its norm 0 < c); no gradient flows through this, so no where-trick.
        return tf.div(tf.mul(g, c), tf.maximum(tf.sqrt(tf.sum(tf.square(g))), c));
      });
    }
    if (this.globalClipnorm !== null) {
      const c = this.globalClipnorm;
      const present = gradients.filter((g): g is tf.Tensor => g != null);
      if (present.length === 0) return gradients;
      const norm = tf.sqrt(tf.addN(present.map((g) => tf.sum(tf.square(g)))));
      // c·min(1/‖g‖, 1/c), plus (‖g‖ − ‖g‖) so a non-finite norm gives NaN, as Keras's clip_by_global_norm.
      const scale = tf.add(tf.mul(c, tf.minimum(tf.div(1, norm), 1 / c)), tf.sub(norm, norm));
      return gradients.map((g) => (g == null ? g : tf.mul(g, scale)));
    }
    const v = this.clipvalue!;
    return gradients.map((g) => (g == null ? g : tf.clipByValue(g, -v, v)));
  }

  /** The same gradients, clipped, in the structure an optimizer's applyGradients was given. */
  clip(variableGradients: Gradients): Gradients {
    if (!this.active) return variableGradients;
    if (Array.isArray(variableGradients)) {
      const clipped = this.clipGradients(variableGradients.map((v) => v.tensor));
      return variableGradients.map((v, i) => ({ name: v.name, tensor: clipped[i]! }));
    }
    const names = Object.keys(variableGradients);
    const clipped = this.clipGradients(names.map((n) => variableGradients[n]));
    return Object.fromEntries(names.map((n, i) => [n, clipped[i]!])) as tf.NamedTensorMap;
  }

  /** Disposes the clipped copies `clip` made (never the caller's own gradients). */
  release(original: Gradients, clipped: Gradients): void {
    if (original === clipped) return;
    const tensors = (g: Gradients) => (Array.isArray(g) ? g.map((v) => v.tensor) : Object.values(g));
    const mine = new Set(tensors(original));
    tf.dispose(tensors(clipped).filter((t) => t != null && !mine.has(t)));
  }

  config(): tf.serialization.ConfigDict {
    return { clipnorm: this.clipnorm, clipvalue: this.clipvalue, globalClipnorm: this.globalClipnorm };
  }

  static fromConfig(owner: string, config: tf.serialization.ConfigDict): GradientClipping {
    const read = (k: string) => (typeof config[k] === "number" ? (config[k] as number) : null);
    return new GradientClipping(owner, { clipnorm: read("clipnorm"), clipvalue: read("clipvalue"), globalClipnorm: read("globalClipnorm") });
  }
}

/** Runs an optimizer step on the clipped gradients, then frees the clipped copies. */
export function withClipped(clipping: GradientClipping, gradients: Gradients, step: (clipped: Gradients) => void): void {
  const clipped = clipping.clip(gradients);
  try {
    step(clipped);
  } finally {
    clipping.release(gradients, clipped);
  }
}
