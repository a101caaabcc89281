/**
 * Keras 3's compiled loss (keras/src/trainers/compile_utils.py CompileLoss, with
 * trainer.py compute_loss): each output's loss object is called with its sample weights and
 * reduces by its own `reduction`; each value is multiplied by its `loss_weights` entry; the total
 * is their sum plus the sum of `model.losses` (weight regularizers, activity regularizers,
 * `addLoss`), in training and in evaluation alike.
 *
 * tfjs instead calls each loss's per-sample function, multiplies by the sample weights, takes the
 * mean (so a loss object's reduction is lost), has no loss weights, and its test step adds no
 * model losses and reports, for several outputs, a running sum in place of each output's loss.
 *
 * The training step stays tfjs's (its tape, optimizer and callbacks): its loss functions become
 * `trainingLoss(i)`, which return the scalar that step adds up (the step's sample weights handed
 * over by `duringStep`, not multiplied by tfjs). The evaluation step is `testStep` here.
 *
 * A loss with reduction "none" leaves one value per sample. Keras's TensorFlow trainer takes the
 * gradient of such a loss tensor, i.e. of its sum, and its loss tracker (a `Mean` weighted by the
 * batch size) reports the mean of its values: the same here. (Keras cannot add it to the model's
 * losses, a list of differently shaped tensors, and fails; so does this.)
 */
import * as tf from "@tensorflow/tfjs";
import * as losses from "../losses/losses.js";
import { reduceWeighted } from "../losses/loss.js";
import { kerasLosses } from "../layers/layer_losses.js";

type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * compile's `lossWeights` (Keras's `loss_weights`) as one number per output: a number for every
 * output, a list in output order, or an object by output name; absent, 1 each. As Keras, their
 * count must match the number of losses (one loss given for all outputs is one loss).
 */
export function lossWeightsPerOutput(arg: unknown, lossArg: unknown, outputNames: string[], lossList: unknown[]): number[] {
  const check = (w: unknown, where: string) => {
    if (typeof w !== "number" || !Number.isFinite(w)) throw new TypeError(`compile: ${where} must be a number; got ${JSON.stringify(w)}`);
    return w;
  };
  if (arg === undefined || arg === null) return outputNames.map(() => 1);
  if (typeof arg === "number") return outputNames.map(() => check(arg, "`lossWeights`"));
  // One loss for every output is one loss to Keras: its one weight then weighs every output.
  const nested = Array.isArray(lossArg) || (typeof lossArg === "object" && lossArg !== null && typeof lossArg !== "function");
  const lossCount = nested ? lossList.filter((l) => l !== undefined).length : 1;
  if (Array.isArray(arg)) {
    if (arg.length !== lossCount) throw new RangeError(`compile: \`lossWeights\` must match the number of losses, got ${lossCount} losses and ${arg.length} weights.`);
    const ws = arg.map((w, i) => check(w, `lossWeights[${i}]`));
    if (!nested) return outputNames.map(() => ws[0]!);
    if (Array.isArray(lossArg)) return lossList.map((l, i) => (l === undefined ? 1 : ws[i]!));
    // Keras packs a list into a dict of losses in the dict's sorted key order (tree.pack_sequence_as).
    const sorted = outputNames.filter((_, i) => lossList[i] !== undefined).sort();
    return outputNames.map((n) => (sorted.includes(n) ? ws[sorted.indexOf(n)]! : 1));
  }
  if (typeof arg === "object") {
    const dict = arg as Record<string, unknown>;
    for (const k of Object.keys(dict)) if (!outputNames.includes(k)) throw new RangeError(`compile: \`lossWeights\` names output "${k}", but the outputs are ${outputNames.join(", ")}`);
    const named = outputNames.filter((n, i) => lossList[i] !== undefined && dict[n] !== undefined);
    if (Object.keys(dict).length !== lossCount || named.length !== Object.keys(dict).length) {
      throw new RangeError(`compile: \`lossWeights\` must match the number of losses, got ${lossCount} losses and ${Object.keys(dict).length} weights.`);
    }
    if (!nested) {
      const w = check(Object.values(dict)[0], `lossWeights.${Object.keys(dict)[0]}`);
      return outputNames.map(() => w);
    }
    return outputNames.map((n) => (dict[n] === undefined ? 1 : check(dict[n], `lossWeights.${n}`)));
  }
  throw new TypeError(`compile: \`lossWeights\` must be a number, a list of numbers (one per output) or an object of them by output name; got ${JSON.stringify(arg)}`);
}

/** The loss reduced as Keras reduces it: a loss object by its own reduction; a plain function as Keras's LossFunctionWrapper, by "sum_over_batch_size". */
function reduced(loss: unknown, yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight: tf.Tensor | undefined): tf.Tensor {
  if (losses.isKerasLoss(loss)) return loss(yTrue, yPred, sampleWeight);
  return reduceWeighted((loss as LossFn)(yTrue, yPred), sampleWeight, "sum_over_batch_size");
}

/** What Keras's loss tracker reports for a loss value: a scalar as it is; a "none" loss's values, their mean. */
const reported = (value: tf.Tensor) => (value.rank === 0 ? value : tf.mean(value));

/** A "none" loss's values as one scalar: their mean, with the gradient of their sum (TensorFlow's gradient of a non-scalar). */
const meanWithGradientOfSum = tf.customGrad(((v: tf.Tensor) => ({ value: tf.mean(v), gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.onesLike(v)) })) as unknown as Parameters<typeof tf.customGrad>[0]);

function noneWithModelLosses(): Error {
  return new RangeError("a loss with reduction \"none\" leaves one value per sample, which Keras cannot add to the model's own losses (regularizers, addLoss): give it another reduction, or remove those losses");
}

export class CompiledLoss {
  /** The step's sample weights per output (tfjs's class weights), while a training step runs. */
  private stepWeights: (tf.Tensor | undefined)[] = [];
  /** Each output's unweighted loss in the step (Keras's per-output `{name}_loss` metric), kept. */
  private stepValues: (tf.Tensor | undefined)[] = [];

  constructor(
    private readonly model: tf.LayersModel,
    private readonly lossList: unknown[],
    private readonly weights: number[],
  ) {}

  /** The function tfjs's training step calls for output `i`: the weighted, reduced loss (a scalar). */
  trainingLoss(i: number): LossFn {
    const fn = (yTrue: tf.Tensor, yPred: tf.Tensor) => {
      const value = reduced(this.lossList[i], yTrue, yPred, this.stepWeights[i]);
      this.stepValues[i]?.dispose();
      this.stepValues[i] = tf.keep(tf.clone(reported(value)));
      const weighted = this.weights[i] === 1 ? value : tf.mul(value, this.weights[i]!);
      if (weighted.rank === 0) return weighted;
      if (kerasLosses(this.model).length > 0) throw noneWithModelLosses();
      return meanWithGradientOfSum(weighted);
    };
    Object.defineProperty(fn, "name", { value: (this.lossList[i] as { name?: string } | undefined)?.name ?? "loss" });
    return fn;
  }

  /**
   * Runs tfjs's training step with `sampleWeights` handed to the loss functions; for several
   * outputs, each output's loss in the step's results (tfjs's is the weighted one) becomes the
   * unweighted one, as Keras logs it.
   */
  duringStep(sampleWeights: tf.Tensor[], step: () => tf.Scalar[]): tf.Scalar[] {
    this.stepWeights = this.lossList.map((_, i) => sampleWeights[i] ?? undefined);
    let outs: tf.Scalar[];
    try {
      outs = step();
    } finally {
      this.stepWeights = [];
    }
    const n = this.lossList.length;
    if (n > 1) {
      for (let i = 0; i < n; i++) {
        const value = this.stepValues[i];
        if (value === undefined || outs[1 + i] === undefined) continue;
        outs[1 + i]!.dispose();
        outs[1 + i] = value as tf.Scalar;
        this.stepValues[i] = undefined;
      }
    }
    tf.dispose(this.stepValues.filter((v): v is tf.Tensor => v !== undefined));
    this.stepValues = [];
    return outs;
  }

  /**
   * Keras's test step for one batch (`data`: the inputs, then the targets): the total loss (the
   * compiled losses weighted, plus the model's losses), then for several outputs each output's
   * unweighted loss, then the metrics, in tfjs's order of `metricsNames`.
   */
  testStep(data: tf.Tensor[], metricsTensors: [LossFn, number][]): tf.Scalar[] {
    const m = this.model;
    const nIn = m.inputs.length;
    const nOut = m.outputs.length;
    const inputs = data.slice(0, nIn);
    const targets = data.slice(nIn, nIn + nOut);
    // predictOnBatch runs the graph from its symbolic outputs (`execute` by output name refuses a layer called twice).
    const predicted = m.predictOnBatch(inputs.length === 1 ? inputs[0]! : inputs);
    const outputs = Array.isArray(predicted) ? predicted : [predicted];
    const values = this.lossList.map((l, i) => (l === undefined ? undefined : reduced(l, targets[i]!, outputs[i]!, undefined)));
    const modelLosses = kerasLosses(m);
    let total: tf.Tensor = tf.scalar(0);
    values.forEach((v, i) => {
      if (v === undefined) return;
      if (v.rank > 0 && modelLosses.length > 0) throw noneWithModelLosses();
      total = tf.add(total, reported(this.weights[i] === 1 ? v : tf.mul(v, this.weights[i]!)));
    });
    for (const l of modelLosses) total = tf.add(total, tf.sum(l));
    const results: tf.Scalar[] = [total as tf.Scalar];
    const perOutput = nOut > 1 ? values.filter((v): v is tf.Tensor => v !== undefined) : [];
    for (const v of perOutput) results.push(reported(v) as tf.Scalar);
    metricsTensors.forEach(([metric, outputIndex], i) => {
      // For several outputs, tfjs's first metricsTensors are the outputs' losses, given above.
      if (i < perOutput.length) return;
      results.push(tf.mean(metric(targets[outputIndex]!, outputs[outputIndex]!)) as tf.Scalar);
    });
    return results;
  }
}
