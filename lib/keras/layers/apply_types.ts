/**
 * Static types for `layer.apply`, as a Keras user reads them: a symbolic input (from
 * `keras.Input` or an earlier layer) gives a symbolic output, a tensor gives a tensor, so a
 * functional model is written without casts:
 *
 *     const inputs = keras.Input({ shape: [4] });
 *     const hidden = keras.layers.Dense(16).apply(inputs);   // tf.SymbolicTensor
 *
 * tfjs declares `apply` once, returning `Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[]`.
 * These overloads are merged into tfjs-layers' own classes (module augmentation), so they hold
 * for every layer, ours and tfjs's, in lib/ and in notebook cells (the prelude's `tf` and `keras`
 * reach this file through `layers/index.ts`). A class that redeclares `apply` hides its base's
 * overloads, so tfjs's InputLayer, RNN and Bidirectional get them here too, and our own overriding classes
 * declare the same overloads.
 *
 * A list of inputs gives one output, as merge and attention layers do; Attention and
 * MultiHeadAttention applied with `{ returnAttentionScores: true }` give `[output, scores]`. A
 * layer whose constructor options make it return several outputs (an RNN with `returnState`,
 * Bidirectional with `mergeMode: null`) still returns an array at run time, which the types
 * cannot see: read it with `as unknown as tf.SymbolicTensor[]`. Anything else (a union of the
 * above) falls through to tfjs's original signature.
 *
 * The file has no run-time content: importing it only brings the declarations into a program.
 */
import type { Tensor } from "@tensorflow/tfjs-core";
import type { SymbolicTensor } from "@tensorflow/tfjs-layers/dist/engine/topology.js";
import type { Kwargs } from "@tensorflow/tfjs-layers/dist/types.js";

declare module "@tensorflow/tfjs-layers/dist/engine/topology.js" {
  interface Layer {
    apply(inputs: SymbolicTensor | SymbolicTensor[], kwargs?: Kwargs): SymbolicTensor;
    apply(inputs: Tensor | Tensor[], kwargs?: Kwargs): Tensor;
  }
}

declare module "@tensorflow/tfjs-layers/dist/engine/input_layer.js" {
  interface InputLayer {
    apply(inputs: SymbolicTensor | SymbolicTensor[], kwargs?: Kwargs): SymbolicTensor;
    apply(inputs: Tensor | Tensor[], kwargs?: Kwargs): Tensor;
  }
}

declare module "@tensorflow/tfjs-layers/dist/layers/recurrent.js" {
  interface RNN {
    apply(inputs: SymbolicTensor | SymbolicTensor[], kwargs?: Kwargs): SymbolicTensor;
    apply(inputs: Tensor | Tensor[], kwargs?: Kwargs): Tensor;
  }
}

declare module "@tensorflow/tfjs-layers/dist/layers/wrappers.js" {
  interface Bidirectional {
    apply(inputs: SymbolicTensor | SymbolicTensor[], kwargs?: Kwargs): SymbolicTensor;
    apply(inputs: Tensor | Tensor[], kwargs?: Kwargs): Tensor;
  }
}

export {};
