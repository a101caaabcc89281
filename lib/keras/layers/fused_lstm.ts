/**
 * Keras's LSTM on tfjs's, running the whole sequence as one fused kernel forward and one backward
 * (kernels/lstm_sequence.ts) where Keras would use cuDNN's: tanh activation, sigmoid recurrent
 * activation, no recurrent dropout or dropout while training, not stateful, not unrolled, float32
 * input, and a backend with the kernel (cpu, wasm). Anything else runs tfjs's per-step cell.
 * Both paths use the cell's weights as they are (kernel [in, 4U], recurrent_kernel [U, 4U],
 * bias [4U], gates i, f, c, o) and give the same values, masked steps included (h and c carry
 * over; the output there is the carried h, as tfjs-layers gives it).
 *
 * `FusedLSTM` registers as "LSTM", replacing tfjs's entry in the serialization map, so saved
 * models, `fromConfig` and Bidirectional's clone (made through that map) all get it, and the
 * config is tfjs's own.
 */
import * as tf from "@tensorflow/tfjs";
import { hasFusedLstm, lstmSequence } from "../../backend/kernels/lstm_sequence.js";
import { takeActivityRegularizer } from "./activity_regularization.js";
import { takeZeroOutputForMask } from "./rnn_behaviour.js";

type Kwargs = Record<string, any>;

/** The fields of tfjs's LSTMCell the fused path reads (tfjs exports the factory, not the class). */
interface TfLSTMCell {
  units: number;
  activation: tf.serialization.Serializable;
  recurrentActivation: tf.serialization.Serializable;
  useBias: boolean;
  dropout: number;
  recurrentDropout: number;
  kernel: tf.LayerVariable;
  recurrentKernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
}

const TfLSTMClass = tf.layers.lstm({ units: 1 }).constructor as new (args: Kwargs) => tf.layers.RNN;

const activeRate = (rate: number) => rate > 0 && rate < 1;

export class FusedLSTM extends TfLSTMClass {
  static className = "LSTM";

  constructor(args: Kwargs) {
    super(args);
    takeZeroOutputForMask(this, args);
    takeActivityRegularizer(this, args);
  }

  /** Whether this call runs the fused kernel (Keras's cuDNN conditions, plus the backend's). */
  usesFusedKernel(kwargs?: Kwargs): boolean {
    const cell = this.cell as unknown as TfLSTMCell;
    const dropsOut = kwargs?.training ? activeRate(cell.dropout) || activeRate(cell.recurrentDropout) : false;
    return (
      cell.activation.getClassName() === "tanh" &&
      cell.recurrentActivation.getClassName() === "sigmoid" &&
      !dropsOut &&
      !this.stateful &&
      !this.unroll &&
      hasFusedLstm()
    );
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const k = kwargs ?? {};
    let x = inputs;
    let initialState = k.initialState as tf.Tensor | tf.Tensor[] | null | undefined;
    // As tfjs's standardizeArgs: [x, h0, c0] is x with its initial states.
    if (Array.isArray(x)) {
      if (x.length > 1) initialState = x.slice(1);
      x = x[0]!;
    }
    if (x.dtype !== "float32" || !this.usesFusedKernel(k)) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const cell = this.cell as unknown as TfLSTMCell;
      const [batch] = (x as tf.Tensor).shape;
      let h0: tf.Tensor2D;
      let c0: tf.Tensor2D;
      if (initialState != null) {
        const states = Array.isArray(initialState) ? initialState : [initialState];
        if (states.length !== 2) throw new TypeError(`LSTM ${this.name}: expected 2 initial states (h, c), got ${states.length}`);
        [h0, c0] = states as [tf.Tensor2D, tf.Tensor2D];
      } else {
        h0 = tf.zeros([batch!, cell.units]);
        c0 = tf.zeros([batch!, cell.units]);
      }
      const { sequence, lastH, lastC } = lstmSequence({
        x: x as tf.Tensor3D,
        kernel: cell.kernel.read() as tf.Tensor2D,
        recurrentKernel: cell.recurrentKernel.read() as tf.Tensor2D,
        bias: cell.useBias && cell.bias ? (cell.bias.read() as tf.Tensor1D) : null,
        h0,
        c0,
        mask: (k.mask as tf.Tensor | null | undefined) ?? null,
        goBackwards: this.goBackwards,
      });
      const output = this.returnSequences ? sequence : lastH;
      return this.returnState ? [output, lastH, lastC] : output;
    });
  }

  static fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    // Keras writes options tfjs does not know (seed, use_cudnn); they change nothing here.
    const c: Kwargs = { ...config };
    for (const key of ["seed", "useCudnn"]) delete c[key];
    return new cls(c);
  }
}
tf.serialization.registerClass(FusedLSTM);
