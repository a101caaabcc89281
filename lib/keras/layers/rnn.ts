/**
 * Keras 3's generic recurrent layer `RNN(cell, { returnSequences, returnState, goBackwards,
 * stateful, unroll, zeroOutputForMask })` and `StackedRNNCells(cells)`, on tfjs's RNN and
 * StackedRNNCells. A list of cells is stacked, as Keras does. Registered as "RNN" and
 * "StackedRNNCells" in place of tfjs's classes, so the cell travels in the config under its own
 * class name (Keras's: "SimpleRNNCell", "LSTMCell", "GRUCell") and loads back.
 *
 * Where these differ from tfjs's classes:
 * - tfjs's generic RNN never clears its cells' dropout masks, so a second call (and every
 *   training step after the first) reused the first call's masks; each call here draws fresh ones,
 *   as Keras's RNN does per sequence.
 * - tfjs's RNN.fromConfig wrote the built cell into the config it was given, so Bidirectional
 *   (which builds its backward layer from the same config) could not wrap a generic RNN.
 * - tfjs's StackedRNNCells orders its states last cell first (Keras 2.1's order); Keras 3 orders
 *   them by cell, and so does RNN here, for the initial states it takes and the states
 *   `returnState` gives: [output, cell 0's states..., cell 1's states...], flat (Keras nests a
 *   multi-state cell's states in a list). A stateful RNN's `states` stay in tfjs's order.
 */
import * as tf from "@tensorflow/tfjs";
import { makeLayer, type BaseLayerOptions } from "./make_layer.js";
import { takeActivityRegularizer } from "./activity_regularization.js";
import { takeZeroOutputForMask } from "./rnn_behaviour.js";
import { bool, regularizer } from "./options.js";
import type { Regularizer } from "./core.js";

type Kwargs = Record<string, any>;

export interface RNNOptions extends BaseLayerOptions {
  returnSequences?: boolean;
  returnState?: boolean;
  goBackwards?: boolean;
  stateful?: boolean;
  unroll?: boolean;
  /** With `returnSequences`, masked steps output zeros instead of the last unmasked output. */
  zeroOutputForMask?: boolean;
  activityRegularizer?: Regularizer;
}

/** A cell as tfjs's RNN drives it: a layer called on [x, ...states] with a `stateSize`. */
interface CellLike extends tf.layers.Layer {
  stateSize: number | number[];
  dropoutMask?: tf.Tensor | tf.Tensor[] | null;
  recurrentDropoutMask?: tf.Tensor | tf.Tensor[] | null;
}

function isCell(cell: unknown): cell is CellLike {
  return cell instanceof tf.layers.Layer && "stateSize" in cell;
}

function checkCell(owner: string, cell: unknown, where: string): CellLike {
  if (!(cell instanceof tf.layers.Layer)) throw new TypeError(`${owner}: ${where} should be a layer with a \`call\` method (a cell such as SimpleRNNCell); got ${String(cell)}`);
  if (!isCell(cell)) throw new TypeError(`${owner}: ${where} should have a \`stateSize\` attribute (the size of each of its states); got a ${cell.getClassName()} layer`);
  return cell;
}

function cellsOf(cell: CellLike): CellLike[] {
  return cell instanceof KerasStackedRNNCells ? cell.cells.flatMap((c) => cellsOf(c as CellLike)) : [cell];
}

type StackedClass = new (args: Kwargs) => tf.layers.Layer & { cells: tf.layers.Layer[]; stateSize: number[] };
const TfStackedRNNCells = tf.layers.stackedRNNCells({ cells: [tf.layers.simpleRNNCell({ units: 1 })] }).constructor as StackedClass;

/**
 * tfjs's StackedRNNCells, registered as "StackedRNNCells". It keeps tfjs's state order inside
 * (last cell first: tfjs's RNN reads its output size off the first state); KerasRNN regroups the
 * states it is given and gives back into Keras's order.
 */
export class KerasStackedRNNCells extends TfStackedRNNCells {
  static className = "StackedRNNCells";

  /** Regroups a flat state list from tfjs's order (last cell first) into Keras's (by cell), or back. */
  reorderStates<T>(states: T[], toKeras: boolean): T[] {
    const counts = this.cells.map((c) => {
      const s = (c as CellLike).stateSize;
      return Array.isArray(s) ? s.length : 1;
    });
    const groups: T[][] = [];
    let at = 0;
    for (const n of toKeras ? counts.slice().reverse() : counts) {
      groups.push(states.slice(at, at + n));
      at += n;
    }
    return groups.reverse().flat();
  }

  static fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict, customObjects: tf.serialization.ConfigDict = {}): T {
    // tfjs's fromConfig builds the stack from its cells alone, dropping its name and trainable.
    const stack = (TfStackedRNNCells as unknown as { fromConfig(c: unknown, cfg: unknown, o: unknown): tf.layers.Layer & { cells: tf.layers.Layer[] } }).fromConfig(TfStackedRNNCells, config, customObjects);
    const { cells: _cells, ...rest } = config as Kwargs;
    return new cls({ ...rest, cells: stack.cells });
  }
}
tf.serialization.registerClass(KerasStackedRNNCells as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);

/** `StackedRNNCells(cells)`: several cells as one, each feeding its output to the next. */
export function StackedRNNCells(cells: tf.layers.Layer[], options?: BaseLayerOptions): KerasStackedRNNCells {
  if (!Array.isArray(cells) || cells.length === 0) throw new TypeError(`StackedRNNCells: \`cells\` must be a non-empty list of cells; got ${String(cells)}`);
  cells.forEach((c, i) => checkCell("StackedRNNCells", c, `cells[${i}]`));
  return makeLayer("StackedRNNCells", "stacked_rnn_cells", options, {}, (a) => new KerasStackedRNNCells({ ...a, cells }));
}

/** Keras 3's RNN on tfjs's: any cell, Keras's options, registered as "RNN". */
export class KerasRNN extends tf.layers.RNN {
  static override className = "RNN";

  constructor(args: Kwargs) {
    super(args as ConstructorParameters<typeof tf.layers.RNN>[0]);
    takeZeroOutputForMask(this, args);
    takeActivityRegularizer(this, args);
  }

  // The overloads of apply_types.ts (redeclaring apply hides the base's); with returnState the
  // result is an array the types cannot see, as for LSTM.
  override apply(inputs: tf.SymbolicTensor | tf.SymbolicTensor[], kwargs?: Kwargs): tf.SymbolicTensor;
  override apply(inputs: tf.Tensor | tf.Tensor[], kwargs?: Kwargs): tf.Tensor;
  override apply(inputs: any, kwargs?: Kwargs): any;
  override apply(inputs: any, kwargs?: Kwargs): any {
    const cell = this.cell as unknown;
    if (!(cell instanceof KerasStackedRNNCells)) return super.apply(inputs, kwargs);
    // Initial states come in Keras's order, as [x, ...states] or as `initialState`.
    let k = kwargs;
    if (k?.initialState != null) {
      const states = Array.isArray(k.initialState) ? k.initialState : [k.initialState];
      k = { ...k, initialState: cell.reorderStates(states, false) };
    }
    const x = Array.isArray(inputs) && inputs.length > 1 ? [inputs[0], ...cell.reorderStates(inputs.slice(1), false)] : inputs;
    const out = super.apply(x, k);
    return this.returnState && Array.isArray(out) ? [out[0], ...cell.reorderStates(out.slice(1), true)] : out;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      for (const cell of cellsOf(this.cell as unknown as CellLike)) {
        for (const key of ["dropoutMask", "recurrentDropoutMask"] as const) {
          if (cell[key] != null) {
            tf.dispose(cell[key] as tf.Tensor | tf.Tensor[]);
            cell[key] = null;
          }
        }
      }
      return super.call(inputs, kwargs);
    });
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict, customObjects: tf.serialization.ConfigDict = {}): T {
    // tfjs's fromConfig writes the built cell into the config it is handed; Bidirectional hands
    // the same config on to build its backward layer, which then found a layer for a config.
    return (tf.layers.RNN as unknown as { fromConfig(c: unknown, cfg: unknown, o: unknown): T }).fromConfig(cls, { ...config }, customObjects);
  }
}
tf.serialization.registerClass(KerasRNN);

/** `RNN(cell, { returnSequences, returnState, ... })`; a list of cells is a StackedRNNCells. */
export function RNN(cell: tf.layers.Layer | tf.layers.Layer[], options?: RNNOptions): KerasRNN {
  const theCell = Array.isArray(cell) ? StackedRNNCells(cell) : checkCell("RNN", cell, "`cell`");
  return makeLayer(
    "RNN",
    "rnn",
    options,
    { returnSequences: bool, returnState: bool, goBackwards: bool, stateful: bool, unroll: bool, zeroOutputForMask: bool, activityRegularizer: regularizer },
    (a) => new KerasRNN({ ...a, cell: theCell }),
  );
}
