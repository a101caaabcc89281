/**
 * Keras 3's ActivityRegularization layer (keras/src/layers/regularization/activity_regularization.py),
 * which tfjs lacks: returns its input and, through the activity regularizer every layer now
 * honours (activity_regularization.ts), adds L1L2(l1, l2) of it over the batch size to its
 * losses. Built at instantiation, passes masks through; its config holds `l1` and `l2` (Keras
 * drops `activity_regularizer` from it). Registered as "ActivityRegularization".
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import type { OptionCheck } from "./options.js";

export interface ActivityRegularizationOptions extends BaseLayerOptions {
  /** L1 factor (Keras's default 0). */
  l1?: number;
  /** L2 factor (Keras's default 0). */
  l2?: number;
}

/** Keras's `validate_float_arg`: a finite number ≥ 0, in Keras's words. */
function penalty(name: "l1" | "l2"): OptionCheck {
  return (v) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`Invalid value for argument ${name}: expected a non-negative float.Received: ${name}=${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
    }
    return v;
  };
}

export class ActivityRegularizationLayer extends tf.layers.Layer {
  static className = "ActivityRegularization";
  readonly l1: number;
  readonly l2: number;

  constructor(args: { l1?: number; l2?: number; [key: string]: unknown } = {}) {
    const { l1 = 0, l2 = 0, ...rest } = args;
    super(rest);
    this.l1 = penalty("l1")(l1, "l1") as number;
    this.l2 = penalty("l2")(l2, "l2") as number;
    this.activityRegularizer = tf.regularizers.l1l2({ l1: this.l1, l2: this.l2 });
    this.supportsMasking = true;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return inputs;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), l1: this.l1, l2: this.l2 };
  }
}
tf.serialization.registerClass(ActivityRegularizationLayer);

/** `ActivityRegularization({ l1, l2 })`. */
export function ActivityRegularization(options?: ActivityRegularizationOptions): ActivityRegularizationLayer {
  return makeLayer("ActivityRegularization", "activity_regularization", options, { l1: penalty("l1"), l2: penalty("l2") }, (a) => new ActivityRegularizationLayer(a));
}
