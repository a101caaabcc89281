/**
 * Keras 3's "Optimizer params" line of `model.summary()`: once a compiled model's optimizer is
 * built (its first training step), Keras counts the optimizer's variables (`iterations`, an
 * int64, and `learning_rate`, a float32, unless a schedule computes it, plus one float32 slot per trainable weight for each of
 * the optimizer's slot kinds, the moving average with `useEma` and the accumulator with
 * `gradientAccumulationSteps` included) and adds them to "Total params".
 *
 * tfjs keeps its slots differently (its RMSprop always holds a momentum slot, its Adam keeps
 * beta powers as extra tensors), so counting tfjs's own state would disagree with Keras. The
 * count therefore follows Keras's rules for the optimizer kind, over the model's trainable
 * weights; tfjs is asked only whether the optimizer has taken a step.
 */
import type * as tf from "@tensorflow/tfjs";

export interface OptimizerParams {
  count: number;
  bytes: number;
}

interface TfjsOptimizerState {
  getClassName(): string;
  /** Set by tfjs on the first `applyGradients`; absent before. */
  iterations_?: number | null;
  momentum?: number;
  centered?: boolean;
  /** Keras's base-optimizer options (lib/keras/optimizers/base_optimizer.ts): one more slot each. */
  useEma?: boolean;
  gradientAccumulationSteps?: number | null;
  /** Set when a schedule computes the learning rate: Keras then keeps no learning_rate variable. */
  learningRateSchedule?: object | null;
}

/** Keras's slot variables per trainable weight, by the tfjs class name of the optimizer. */
function slotsPerWeight(optimizer: TfjsOptimizerState): number | undefined {
  switch (optimizer.getClassName()) {
    case "SGD":
      return 0;
    case "Momentum": // Keras's SGD(momentum > 0): one momentum slot
    case "Adagrad": // accumulator
    case "Lion": // momentum
      return 1;
    case "Adam": // m, v
    case "AdamW":
    case "Adamax": // m, u
    case "Adadelta": // accumulated grad, accumulated delta
    case "Nadam": // m, v (and one scalar, the running momentum product: extraScalars)
    case "Ftrl": // accumulator, linear
      return 2;
    case "Adafactor": // velocity (and the factored r and c: extraScalars)
      return 1;
    case "RMSProp": // velocity, then momentum and average gradient only when asked for
      return 1 + ((optimizer.momentum ?? 0) > 0 ? 1 : 0) + (optimizer.centered ? 1 : 0);
    default:
      return undefined;
  }
}

/**
 * Optimizer variables Keras keeps besides iterations, learning_rate and the per-element slots:
 * Nadam's `_u_product`; Adafactor's r (shape[:-1]) and c (shape[:-2] + shape[-1:]) per weight of
 * rank ≥ 2, two scalar placeholders per weight of lower rank.
 */
function extraScalars(optimizer: TfjsOptimizerState, model: tf.LayersModel): number {
  switch (optimizer.getClassName()) {
    case "Nadam":
      return 1;
    case "Adafactor": {
      const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
      return model.trainableWeights.reduce((n, w) => {
        const shape = w.shape as number[];
        return n + (shape.length < 2 ? 2 : size(shape.slice(0, -1)) + size([...shape.slice(0, -2), shape[shape.length - 1]!]));
      }, 0);
    }
    default:
      return 0;
  }
}

/**
 * The optimizer's parameters as Keras counts them, or `undefined` when Keras prints no line: the
 * model is not compiled, its optimizer has not taken a step yet, or the optimizer is not one
 * whose slots Keras defines.
 */
export function optimizerParams(model: tf.LayersModel, trainableParams: number): OptimizerParams | undefined {
  const optimizer = (model as unknown as { optimizer?: TfjsOptimizerState | null }).optimizer;
  if (optimizer === undefined || optimizer === null || typeof optimizer.getClassName !== "function") return undefined;
  if (optimizer.iterations_ === undefined || optimizer.iterations_ === null) return undefined;
  const own = slotsPerWeight(optimizer);
  if (own === undefined) return undefined;
  // Keras's moving averages and gradient accumulators are optimizer variables too, one per weight.
  const slots = own + (optimizer.useEma === true ? 1 : 0) + (optimizer.gradientAccumulationSteps != null ? 1 : 0);
  const scalars = (optimizer.learningRateSchedule == null ? 1 : 0) + extraScalars(optimizer, model);
  return { count: 1 + scalars + slots * trainableParams, bytes: 8 + 4 * scalars + 4 * slots * trainableParams };
}
