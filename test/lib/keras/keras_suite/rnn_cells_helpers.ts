/**
 * The test cells of Keras 3's rnn_test.py, shared with stacked_rnn_cells_test.py:
 * - OneStateRNNCell (ones kernel and recurrent kernel, h' = x K + h R) is exactly a SimpleRNNCell
 *   with a linear activation, no bias and "ones" initializers, so it is built as one.
 * - TwoStatesRNNCell is written out as a tfjs cell (Keras's reads `states[0]` for both previous
 *   states; so does this one), registered so that configs holding it round-trip.
 */
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";

export function oneStateRNNCell(units: number): tf.layers.Layer {
  return layers.SimpleRNNCell(units, { activation: "linear", useBias: false, kernelInitializer: "ones", recurrentInitializer: "ones" });
}

export class TwoStatesRNNCell extends tf.layers.Layer {
  static className = "TwoStatesRNNCell";
  readonly units: number;
  readonly stateSize: number[];
  private kernel!: tf.LayerVariable;
  private recurrentKernel1!: tf.LayerVariable;
  private recurrentKernel2!: tf.LayerVariable;

  constructor(args: { units: number; name?: string }) {
    super(args);
    this.units = args.units;
    this.stateSize = [args.units, args.units];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const ones = tf.initializers.ones();
    this.kernel = this.addWeight("kernel", [shape[shape.length - 1]!, this.units], "float32", ones);
    this.recurrentKernel1 = this.addWeight("recurrent_kernel_1", [this.units, this.units], "float32", ones);
    this.recurrentKernel2 = this.addWeight("recurrent_kernel_2", [this.units, this.units], "float32", ones);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, prev] = inputs as tf.Tensor[];
      const h = tf.matMul(x!, this.kernel.read());
      const out1 = tf.add(h, tf.matMul(prev!, this.recurrentKernel1.read()));
      const out2 = tf.add(h, tf.matMul(prev!, this.recurrentKernel2.read()));
      return [tf.add(out1, out2), out1, out2];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}
tf.serialization.registerClass(TwoStatesRNNCell);

export const twoStatesRNNCell = (units: number) => new TwoStatesRNNCell({ units });

/** np.arange(24).reshape(shape).astype("float32") */
export const arange = (shape: number[]) => tf.range(0, 24, 1, "float32").reshape(shape);
