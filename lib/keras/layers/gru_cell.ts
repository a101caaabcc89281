/**
 * Keras's GRU with `reset_after=True` (its default, the cuDNN form), which tfjs lacks:
 *   z = σ(x Wz + bz + h Uz + rbz),  r = σ(x Wr + br + h Ur + rbr)
 *   h~ = tanh(x Wh + bh + r ⊙ (h Uh + rbh)),  h' = z ⊙ h + (1 − z) ⊙ h~
 * Weights in Keras's layout (gate order z, r, h): kernel [in, 3u], recurrent_kernel [u, 3u],
 * bias [2, 3u] (row 0 input bias, row 1 recurrent bias), so Keras weights load as they are.
 *
 * `ResetAfterGRUCell` registers as "GRUCell" (Keras's class name for either form), replacing
 * tfjs's entry: a cell config with `resetAfter: false` (tfjs writes it) loads as tfjs's cell, any
 * other (Keras's default is true) as this one; "ResetAfterGRUCell", the name it had before, loads too.
 *
 * `GRULayer` registers as "GRU", replacing tfjs's entry in the serialization map: a model JSON
 * (ours, or Keras's via modelFromJSON) then gets the reset-after cell when `resetAfter` is true
 * and tfjs's own GRUCell when it is false, and Bidirectional (which clones its layer through
 * that map) copies whichever form it was given.
 */
import * as tf from "@tensorflow/tfjs";
import { takeActivityRegularizer } from "./activity_regularization.js";
import { takeZeroOutputForMask } from "./rnn_behaviour.js";

type Kwargs = Record<string, any>;

/** The fields of tfjs's GRUCell we build on (tfjs exports the factory, not the class). */
interface TfGRUCell extends tf.layers.Layer {
  units: number;
  stateSize: number;
  activation: { apply(x: tf.Tensor): tf.Tensor };
  recurrentActivation: { apply(x: tf.Tensor): tf.Tensor };
  useBias: boolean;
  kernelInitializer: any;
  recurrentInitializer: any;
  biasInitializer: any;
  kernelRegularizer: any;
  recurrentRegularizer: any;
  biasRegularizer: any;
  kernelConstraint: any;
  recurrentConstraint: any;
  biasConstraint: any;
  dropout: number;
  recurrentDropout: number;
  dropoutMask: tf.Tensor | tf.Tensor[] | null;
  recurrentDropoutMask: tf.Tensor | tf.Tensor[] | null;
}
// Subclassing tfjs's cell reuses its argument parsing (activations, initializers, regularizers,
// constraints, dropout clamping) and its getConfig, so both forms serialize the same fields.
const TfGRUCellClass = tf.layers.gruCell({ units: 1 }).constructor as new (args: Kwargs) => TfGRUCell;

/** Keras 3's GRU defaults, where tfjs's differ (hard sigmoid, glorotNormal). */
export const KERAS_GRU_DEFAULTS = { recurrentActivation: "sigmoid", kernelInitializer: "glorotUniform" } as const;

/** tfjs's own (reset-before) GRU cell class, which `GRUCell({ resetAfter: false })` builds. */
export const ResetBeforeGRUCell = TfGRUCellClass;

export class ResetAfterGRUCell extends TfGRUCellClass {
  static className = "GRUCell";
  private kernelW!: tf.LayerVariable;
  private recurrentW!: tf.LayerVariable;
  private biasW: tf.LayerVariable | null = null;

  constructor(args: Kwargs) {
    // tfjs's constructor refuses resetAfter: true; this class is what implements it.
    super({ ...KERAS_GRU_DEFAULTS, ...args, resetAfter: false });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1];
    if (inputDim == null) throw new TypeError("GRU: the last dimension of the input (features) must be known");
    const u = this.units;
    this.kernelW = this.addWeight("kernel", [inputDim, 3 * u], undefined, this.kernelInitializer, this.kernelRegularizer, true, this.kernelConstraint);
    this.recurrentW = this.addWeight("recurrent_kernel", [u, 3 * u], undefined, this.recurrentInitializer, this.recurrentRegularizer, true, this.recurrentConstraint);
    this.biasW = this.useBias ? this.addWeight("bias", [2, 3 * u], undefined, this.biasInitializer, this.biasRegularizer, true, this.biasConstraint) : null;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor[] {
    return tf.tidy(() => {
      if (!Array.isArray(inputs) || inputs.length !== 2) throw new TypeError(`GRU cell expects [inputs, state]; got ${Array.isArray(inputs) ? inputs.length : 1} tensor(s)`);
      let [x, hPrev] = inputs;
      // One mask per sequence, made on the first step and kept until the layer's next call (as
      // Keras's DropoutRNNCell does); only when training, as in Keras.
      const training = kwargs.training === true;
      if (training && this.dropout > 0 && this.dropout < 1) {
        if (this.dropoutMask == null) this.dropoutMask = tf.keep(tf.dropout(tf.onesLike(x), this.dropout));
        x = tf.mul(x, this.dropoutMask as tf.Tensor);
      }
      if (training && this.recurrentDropout > 0 && this.recurrentDropout < 1) {
        if (this.recurrentDropoutMask == null) this.recurrentDropoutMask = tf.keep(tf.dropout(tf.onesLike(hPrev), this.recurrentDropout));
        hPrev = tf.mul(hPrev, this.recurrentDropoutMask as tf.Tensor);
      }
      let matrixX = tf.matMul(x, this.kernelW.read());
      let matrixInner = tf.matMul(hPrev, this.recurrentW.read());
      if (this.biasW) {
        const [inputBias, recurrentBias] = tf.unstack(this.biasW.read());
        matrixX = tf.add(matrixX, inputBias);
        matrixInner = tf.add(matrixInner, recurrentBias);
      }
      const [xZ, xR, xH] = tf.split(matrixX, 3, -1);
      const [recZ, recR, recH] = tf.split(matrixInner, 3, -1);
      const z = this.recurrentActivation.apply(tf.add(xZ, recZ));
      const r = this.recurrentActivation.apply(tf.add(xR, recR));
      const hh = this.activation.apply(tf.add(xH, tf.mul(r, recH)));
      const h = tf.add(tf.mul(z, hPrev), tf.mul(tf.sub(1, z), hh));
      return [h, h];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), resetAfter: true };
  }

  static fromConfig<T extends tf.serialization.Serializable>(_cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    // Keras writes `seed`, which tfjs's dropout cannot take; it changes no value here.
    const c: Kwargs = { ...config };
    delete c.seed;
    if (c.resetAfter === false) return new TfGRUCellClass(c) as unknown as T;
    return new ResetAfterGRUCell(c) as unknown as T;
  }
}
tf.serialization.registerClass(ResetAfterGRUCell);
/** Configs saved while the cell was registered as "ResetAfterGRUCell" still load. */
class ResetAfterGRUCellLegacyName extends ResetAfterGRUCell {
  static override className = "ResetAfterGRUCell";
}
tf.serialization.registerClass(ResetAfterGRUCellLegacyName);

export interface GRULayerArgs extends Kwargs {
  units: number;
  resetAfter?: boolean;
}

/** Keras's GRU: `resetAfter` true (default) runs ResetAfterGRUCell, false tfjs's GRUCell. */
export class GRULayer extends tf.layers.RNN {
  static override className = "GRU";
  readonly resetAfter: boolean;

  constructor(args: GRULayerArgs) {
    const resetAfter = args.resetAfter ?? true;
    const cellArgs = { ...KERAS_GRU_DEFAULTS, ...args };
    const cell = resetAfter ? new ResetAfterGRUCell(cellArgs) : tf.layers.gruCell({ ...cellArgs, resetAfter: false } as any);
    super({ ...args, cell } as any);
    this.resetAfter = resetAfter;
    takeZeroOutputForMask(this, args as { zeroOutputForMask?: unknown });
    takeActivityRegularizer(this, args as { activityRegularizer?: unknown });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      // Each call draws fresh dropout masks (the cell keeps one per sequence), as tfjs's GRU does.
      const cell = this.cell as unknown as TfGRUCell;
      for (const key of ["dropoutMask", "recurrentDropoutMask"] as const) {
        if (cell[key] != null) {
          tf.dispose(cell[key] as tf.Tensor | tf.Tensor[]);
          cell[key] = null;
        }
      }
      const k = kwargs ?? {};
      return super.call(inputs, { mask: k.mask ?? null, training: k.training ?? null, initialState: k.initialState ?? null });
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), resetAfter: this.resetAfter };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    // Keras writes options tfjs does not know (seed, use_cudnn); they change nothing here.
    const c: Kwargs = { ...config };
    for (const key of ["seed", "useCudnn"]) delete c[key];
    // A tfjs GRU saved before this class existed has resetAfter false in its config, so it
    // loads as it was; with no resetAfter at all, Keras's default (true) applies.
    return new cls(c);
  }
}
tf.serialization.registerClass(GRULayer);
