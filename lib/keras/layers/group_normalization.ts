/**
 * Keras 3's GroupNormalization (keras/src/layers/normalization/group_normalization.py), which
 * tfjs lacks: the channels on `axis` split into `groups`, each normalized by its mean and variance
 * over every non-batch axis of the group, then γ and β per channel. `groups: -1` is instance
 * normalization (one group per channel; the config then holds the channel count, as Keras's).
 * Computed in float32 as Keras's: x · inv + (β − mean · inv), inv = γ · rsqrt(var + ε). Keras's
 * errors for a bad `groups`, an undefined channel axis and groups that do not divide it.
 * Registered as "GroupNormalization".
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { bool, constraint, initializer, num, regularizer, type OptionCheck } from "./options.js";
import type { Constraint, Initializer, Regularizer } from "./core.js";

export interface GroupNormalizationOptions extends BaseLayerOptions {
  /** How many groups the channels split into (Keras's default 32); −1: one per channel. */
  groups?: number;
  /** The channel axis (Keras's default −1). */
  axis?: number;
  /** Added to the variance (Keras's default 1e-3). */
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: Initializer;
  gammaInitializer?: Initializer;
  betaRegularizer?: Regularizer | null;
  gammaRegularizer?: Regularizer | null;
  betaConstraint?: Constraint | null;
  gammaConstraint?: Constraint | null;
}

type Serializable = tf.serialization.Serializable;
type LayerVariable = ReturnType<tf.layers.Layer["addWeight"]>;

const groupsCheck: OptionCheck = (v) => {
  if (typeof v !== "number" || !Number.isInteger(v) || (v <= 0 && v !== -1)) {
    const message = `Received an invalid value for argument \`groups\`, expected a positive integer (or \`-1\` for instance normalization). Received: groups=${typeof v === "string" ? v : String(v)}`;
    throw typeof v === "number" ? new RangeError(message) : new TypeError(message);
  }
  return v;
};
const axisCheck = num(-Infinity, Infinity, { integer: true });
const nullOr = (check: OptionCheck): OptionCheck => (v, where) => (v === null ? null : check(v, where));

/** An initializer given by tfjs's name or object, or its saved `{className, config}`. */
function toInitializer(v: unknown, option: string): Serializable {
  if (typeof v === "string") {
    const factory = (tf.initializers as unknown as Record<string, (a: object) => Serializable>)[v];
    if (typeof factory !== "function") throw new RangeError(`GroupNormalization: unknown initializer ${JSON.stringify(v)} for \`${option}\``);
    return factory({});
  }
  return fromSaved(v, option) as Serializable;
}

/** A tfjs object, or one restored from its `{className, config}` through tfjs's registry. */
function fromSaved(v: unknown, option: string): Serializable | null {
  if (v == null) return null;
  if (typeof (v as { getClassName?: unknown }).getClassName === "function") return v as Serializable;
  const saved = v as { className?: unknown; config?: unknown };
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[String(saved.className ?? "")];
  if (!entry) throw new RangeError(`GroupNormalization: cannot restore \`${option}\` of class ${JSON.stringify(saved.className)}`);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, (saved.config ?? {}) as tf.serialization.ConfigDict);
}

function serialize(o: Serializable | null): tf.serialization.ConfigDict | null {
  return o === null ? null : ({ className: o.getClassName(), config: o.getConfig() } as unknown as tf.serialization.ConfigDict);
}

function pyShape(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => d ?? "None").join(", ")}${shape.length === 1 ? "," : ""})`;
}

export class GroupNormalizationLayer extends tf.layers.Layer {
  static className = "GroupNormalization";
  groups: number;
  readonly axis: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly betaInitializer: Serializable;
  private readonly gammaInitializer: Serializable;
  private readonly betaRegularizer: Serializable | null;
  private readonly gammaRegularizer: Serializable | null;
  private readonly betaConstraint: Serializable | null;
  private readonly gammaConstraint: Serializable | null;
  gamma: LayerVariable | null = null;
  beta: LayerVariable | null = null;

  constructor(args: Record<string, unknown> = {}) {
    const {
      groups = 32, axis = -1, epsilon = 1e-3, center = true, scale = true,
      betaInitializer = "zeros", gammaInitializer = "ones",
      betaRegularizer = null, gammaRegularizer = null, betaConstraint = null, gammaConstraint = null,
      ...rest
    } = args;
    super(rest);
    this.groups = groupsCheck(groups, "groups") as number;
    this.axis = axisCheck(axis, "GroupNormalization: `axis`") as number;
    this.epsilon = num()(epsilon, "GroupNormalization: `epsilon`") as number;
    this.center = bool(center, "GroupNormalization: `center`") as boolean;
    this.scale = bool(scale, "GroupNormalization: `scale`") as boolean;
    this.betaInitializer = toInitializer(betaInitializer, "betaInitializer");
    this.gammaInitializer = toInitializer(gammaInitializer, "gammaInitializer");
    this.betaRegularizer = fromSaved(betaRegularizer, "betaRegularizer");
    this.gammaRegularizer = fromSaved(gammaRegularizer, "gammaRegularizer");
    this.betaConstraint = fromSaved(betaConstraint, "betaConstraint");
    this.gammaConstraint = fromSaved(gammaConstraint, "gammaConstraint");
    this.supportsMasking = true;
  }

  /** The channel axis as a non-negative index. */
  private channelAxis(shape: readonly (number | null)[]): number {
    const rank = shape.length;
    if (this.axis >= rank || this.axis < -rank) throw new RangeError(`Axis ${this.axis} is out of bounds for input shape ${pyShape(shape)}. Received: axis=${this.axis}`);
    return this.axis < 0 ? this.axis + rank : this.axis;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const ax = this.channelAxis(shape);
    const dim = shape[ax];
    if (dim == null) {
      throw new RangeError(`Axis ${this.axis} of input tensor should have a defined dimension but the layer received an input with shape ${pyShape(shape)}.`);
    }
    if (this.groups === -1) this.groups = dim;
    if (dim < this.groups) throw new RangeError(`Number of groups (${this.groups}) cannot be more than the number of channels (${dim}).`);
    if (dim % this.groups !== 0) throw new RangeError(`Number of groups (${this.groups}) must be a multiple of the number of channels (${dim}).`);
    this.inputSpec = [{ ndim: shape.length, axes: { [ax]: dim } }];
    type Init = Parameters<tf.layers.Layer["addWeight"]>[3];
    type Reg = Parameters<tf.layers.Layer["addWeight"]>[4];
    type Con = Parameters<tf.layers.Layer["addWeight"]>[6];
    if (this.scale) this.gamma = this.addWeight("gamma", [dim], "float32", this.gammaInitializer as Init, this.gammaRegularizer as Reg, true, this.gammaConstraint as Con);
    if (this.center) this.beta = this.addWeight("beta", [dim], "float32", this.betaInitializer as Init, this.betaRegularizer as Reg, true, this.betaConstraint as Con);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const x = tf.cast(input, "float32");
      const ax = this.channelAxis(x.shape);
      const perGroup = x.shape[ax]! / this.groups;
      // [..., groups, channels per group, ...]: the group axis sits where the channel axis was.
      const grouped = tf.reshape(x, [...x.shape.slice(0, ax), this.groups, perGroup, ...x.shape.slice(ax + 1)]);
      const reduce = grouped.shape.map((_, i) => i).filter((i) => i !== 0 && i !== ax);
      const { mean, variance } = tf.moments(grouped, reduce, true);
      const broadcast = grouped.shape.map((d, i) => (i === ax || i === ax + 1 ? d : 1));
      let inv = tf.rsqrt(tf.add(variance, this.epsilon));
      if (this.gamma) inv = tf.mul(inv, tf.reshape(this.gamma.read(), broadcast));
      let res = tf.mul(tf.neg(mean), inv);
      if (this.beta) res = tf.add(res, tf.reshape(this.beta.read(), broadcast));
      return tf.reshape(tf.add(tf.mul(grouped, inv), res), x.shape);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    this.channelAxis(shape);
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      groups: this.groups,
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serialize(this.betaInitializer),
      gammaInitializer: serialize(this.gammaInitializer),
      betaRegularizer: serialize(this.betaRegularizer),
      gammaRegularizer: serialize(this.gammaRegularizer),
      betaConstraint: serialize(this.betaConstraint),
      gammaConstraint: serialize(this.gammaConstraint),
    };
  }
}
tf.serialization.registerClass(GroupNormalizationLayer);

/** `GroupNormalization({ groups, axis, epsilon, center, scale, ... })`. */
export function GroupNormalization(options?: GroupNormalizationOptions): GroupNormalizationLayer {
  return makeLayer(
    "GroupNormalization",
    "group_normalization",
    options,
    {
      groups: groupsCheck,
      axis: axisCheck,
      epsilon: num(),
      center: bool,
      scale: bool,
      betaInitializer: initializer,
      gammaInitializer: initializer,
      betaRegularizer: nullOr(regularizer),
      gammaRegularizer: nullOr(regularizer),
      betaConstraint: nullOr(constraint),
      gammaConstraint: nullOr(constraint),
    },
    (a) => new GroupNormalizationLayer(a),
  );
}
