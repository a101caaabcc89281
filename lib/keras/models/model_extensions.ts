/**
 * Keras behaviour for EVERY tf.LayersModel, installed once on tf.LayersModel.prototype.
 *
 * Why the prototype and not a wrapper: models reach users from many doors — `keras.Model`,
 * `keras.Sequential`, `keras.applications` (built with plain `tf.model`), `tf.loadLayersModel`,
 * models nested in other models — and all must behave as Keras. Patching the prototype once
 * (idempotently, guarded by a symbol) reaches all of them, keeps `instanceof tf.LayersModel`
 * true, and leaves `fit`/`fitDataset` as tfjs's own, so callbacks (and the kernel's interrupt
 * hook) still stop training within one batch.
 *
 * What changes:
 * - `compile`: Keras names and objects for optimizer, loss (per output too) and metrics;
 *   "accuracy" resolved from the loss as Keras does; `lossWeights`.
 * - The loss numbers of the training and test steps are Keras's compiled loss
 *   (compiled_loss.ts): each loss object's reduction, loss weights, and the model's losses in
 *   evaluation too.
 * - Sparse categorical targets of shape [batch] or [batch, 1] are accepted for our
 *   SparseCategoricalCrossentropy object (tfjs recognises only its own function by identity).
 * - Stateful metrics (keras.metrics.Precision, Recall) report Keras's value: the ratio over the
 *   whole epoch / evaluation, not tfjs's mean of per-batch values; validation keeps its own state.
 * - `summary()` prints Keras 3's exact text (lib/display/model_summary.ts), also with Keras's
 *   options object (`{ expandNested, showTrainable, lineLength, positions, layerRange, printFn }`).
 * - `save(path)` writes tfjs's format to a folder atomically, without tfjs-node; `saveWeights`,
 *   `loadWeights` as Keras's `save_weights`/`load_weights`.
 */
import * as tf from "@tensorflow/tfjs";
import { summaryText, type SummaryTextOptions } from "../../display/model_summary.js";
import * as losses from "../losses/losses.js";
import * as metrics from "../metrics/get.js";
import { isStatefulMetric, type StatefulMetric, type StatefulMetricInternals } from "../metrics/confusion_metrics.js";
import * as optimizers from "../optimizers/optimizers.js";
import { folderHandler, loadWeights, localPathOf, saveWeights } from "./saving.js";
import { applyWeightConstraints, installKerasVariableWrite } from "./weight_constraints.js";
import { lossFromIdentifiers, lossIdentifiers } from "./training_config.js";
import { installModelLosses } from "./model_losses.js";
import { runAsOneCall } from "../layers/layer_losses.js";
import { CompiledLoss, lossWeightsPerOutput } from "./compiled_loss.js";

type LossSpec = string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor);
type MetricSpec = string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor);

/** Keras's compile arguments (camelCase). */
export interface KerasCompileArgs {
  optimizer: optimizers.OptimizerName | tf.Optimizer;
  loss: LossSpec | LossSpec[] | Record<string, LossSpec>;
  metrics?: MetricSpec[] | Record<string, MetricSpec | MetricSpec[]>;
  /** Keras's `loss_weights`: each output's loss multiplied by it in the total (a number, one per output, or by output name). */
  lossWeights?: number | number[] | Record<string, number>;
}

export interface KerasSummaryOptions extends SummaryTextOptions {
  printFn?: (line: string) => void;
}

const INSTALLED = Symbol.for("tslab-keras.modelExtensions");
/**
 * Per output, how its targets differ from its shape, from its loss's kind: class indices
 * ("sparse": a trailing axis of 1, or none), label sequences of their own length ("sequence":
 * CTC's [batch, max_length] for [batch, steps, classes]), or not at all (null).
 */
const TARGET_FORMS = Symbol.for("tslab-keras.targetForms");
type TargetForm = "sparse" | "sequence" | null;
/** compile's `loss` argument as the user gave it, which the saved training config records (training_config.ts). */
const LOSS_ARG = Symbol.for("tslab-keras.lossArg");
/** compile's `lossWeights` as the user gave it, saved as Keras's `loss_weights`. */
const LOSS_WEIGHTS_ARG = Symbol.for("tslab-keras.lossWeightsArg");
/** The model's Keras compiled loss (compiled_loss.ts), which its training and test steps use. */
const COMPILED_LOSS = Symbol.for("tslab-keras.compiledLoss");

type Stateful = StatefulMetric & StatefulMetricInternals;

/**
 * The model's stateful metrics with their index in `metricsNames` (the order of tfjs's train and
 * test function outputs) and their logged label.
 */
function statefulMetricsOf(model: AnyModel): { metric: Stateful; index: number; label: string }[] {
  const tensors: [unknown, number][] | undefined = model.metricsTensors;
  if (!tensors) return [];
  const labels: string[] = (model as any).getDedupedMetricsNames();
  const found: { metric: Stateful; index: number; label: string }[] = [];
  tensors.forEach(([fn], i) => {
    if (isStatefulMetric(fn)) found.push({ metric: fn, index: i + 1, label: labels[i + 1] });
  });
  return found;
}

/**
 * Runs one evaluation pass (fit's validation or `evaluate`) on fresh metric state and puts each
 * stateful metric's result in place of tfjs's batch average; the state the pass interrupted (an
 * epoch's training counts) is restored after it.
 */
function withFreshState<T>(model: AnyModel, pass: () => T, finish: (outs: T) => T): T {
  const stateful = statefulMetricsOf(model);
  if (stateful.length === 0) return pass();
  const saved = stateful.map(({ metric }) => {
    const s = metric.saveState();
    metric.resetState();
    return s;
  });
  const restore = () => stateful.forEach(({ metric }, i) => metric.restoreState(saved[i]));
  let outs: T;
  try {
    outs = pass();
  } catch (error) {
    restore();
    throw error;
  }
  if (outs instanceof Promise) {
    return outs.then(
      (value) => {
        try {
          return finish(value);
        } finally {
          restore();
        }
      },
      (error) => {
        restore();
        throw error;
      },
    ) as T;
  }
  try {
    return finish(outs);
  } finally {
    restore();
  }
}

function replaceWithResults(model: AnyModel, outs: unknown): unknown {
  const stateful = statefulMetricsOf(model);
  // With a stateful metric there are at least two outputs (the loss and it), so always an array.
  if (!Array.isArray(outs)) return outs;
  for (const { metric, index } of stateful) {
    if (index < outs.length) {
      tf.dispose(outs[index]);
      outs[index] = metric.result();
    }
  }
  return outs;
}

/** A callback (first among the user's) that resets stateful metrics per epoch and logs their result. */
function statefulEpochCallback(model: AnyModel): tf.CustomCallback {
  return new tf.CustomCallback({
    onEpochBegin: async () => {
      for (const { metric } of statefulMetricsOf(model)) metric.resetState();
    },
    onEpochEnd: async (_epoch, logs) => {
      if (!logs) return;
      for (const { metric, label } of statefulMetricsOf(model)) {
        const value = metric.result();
        logs[label] = (await value.data())[0];
        value.dispose();
      }
    },
  });
}

/**
 * Each stateful metric object must serve one output: tfjs applies a metric list to every output,
 * and a shared object would add all outputs' counts together. Keras copies them per output.
 */
function oneStatePerOutput(metricArg: unknown, outputNames: string[]): unknown {
  const used = new Set<unknown>();
  const own = (m: unknown) => {
    if (!isStatefulMetric(m)) return m;
    if (used.has(m)) return m.clone();
    used.add(m);
    return m;
  };
  if (Array.isArray(metricArg)) {
    if (outputNames.length === 1 || !metricArg.some(isStatefulMetric)) return metricArg;
    return Object.fromEntries(outputNames.map((n) => [n, metricArg.map(own)]));
  }
  if (metricArg && typeof metricArg === "object") {
    return Object.fromEntries(Object.entries(metricArg).map(([n, list]) => [n, (list as unknown[]).map(own)]));
  }
  return metricArg;
}

type AnyModel = tf.LayersModel & Record<string | symbol, any>;

/** A Keras loss object (kept, for "accuracy" and sparse labels), a function, or a loss name (Keras's or tfjs's). */
function resolveLoss(spec: unknown, where: string): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  if (typeof spec === "function") return spec as (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
  if (typeof spec === "string" && losses.isLossName(spec)) return losses.lossObject(spec);
  throw new RangeError(`compile: ${where} must be a loss object (keras.losses.*), a loss function, or one of ${losses.LOSS_NAMES.join(", ")} (or a Keras class name); got ${JSON.stringify(spec)}`);
}

function resolveMetric(spec: unknown, loss: unknown, where: string): unknown {
  const resultLength = (spec as { resultLength?: unknown } | null)?.resultLength;
  if (isStatefulMetric(spec) && typeof resultLength === "number" && resultLength > 1) {
    throw new RangeError(`compile: ${where} (${spec.kerasName}) has ${resultLength} thresholds, so one value per threshold; a training log takes one number: give it one threshold`);
  }
  if (isStatefulMetric(spec) && (spec as { classAggregation?: unknown }).classAggregation === null) {
    throw new RangeError(`compile: ${where} (${spec.kerasName}) has classAggregation null, so one value per output column; a training log takes one number: give it "uniform_average" or "variance_weighted_average"`);
  }
  if (typeof spec === "function") return spec;
  if (typeof spec !== "string") throw new TypeError(`compile: ${where} must be a metric name or function; got ${JSON.stringify(spec)}`);
  const kind = losses.isKerasLoss(loss) ? loss.kind : undefined;
  const fromLogits = losses.isKerasLoss(loss) ? loss.fromLogits : false;
  try {
    return metrics.get(spec as metrics.MetricName, kind, fromLogits);
  } catch (err) {
    const tfjsMetrics = ["cosineProximity", "categoricalCrossentropy", "sparseCategoricalCrossentropy", "binaryCrossentropy"];
    if (tfjsMetrics.includes(spec)) return spec;
    throw err;
  }
}

function kerasCompile(this: AnyModel, original: (args: any) => void, args: KerasCompileArgs): void {
  if (args === null || typeof args !== "object") throw new TypeError("compile: pass one object { optimizer, loss, metrics }");
  const allowed = ["optimizer", "loss", "metrics", "lossWeights"];
  for (const key of Object.keys(args)) {
    if (!allowed.includes(key)) throw new TypeError(`compile: unknown argument \`${key}\`; accepted: ${allowed.join(", ")}`);
  }
  if (args.optimizer === undefined) throw new TypeError("compile: `optimizer` is required (a name such as \"adam\" or keras.optimizers.Adam())");
  if (args.loss === undefined) throw new TypeError("compile: `loss` is required");
  const optimizer = optimizers.get(args.optimizer);
  const outputNames: string[] = this.outputNames;
  let lossList: unknown[];
  let loss: unknown;
  if (Array.isArray(args.loss)) {
    if (args.loss.length !== outputNames.length) throw new RangeError(`compile: \`loss\` has ${args.loss.length} entries but the model has ${outputNames.length} outputs (${outputNames.join(", ")})`);
    lossList = args.loss.map((l, i) => resolveLoss(l, `loss[${i}]`));
    loss = lossList;
  } else if (typeof args.loss === "object" && args.loss !== null && typeof args.loss !== "function") {
    const dict = args.loss as Record<string, LossSpec>;
    for (const k of Object.keys(dict)) if (!outputNames.includes(k)) throw new RangeError(`compile: \`loss\` names output "${k}", but the outputs are ${outputNames.join(", ")}`);
    lossList = outputNames.map((n) => (dict[n] === undefined ? undefined : resolveLoss(dict[n], `loss.${n}`)));
    loss = Object.fromEntries(outputNames.map((n, i) => [n, lossList[i]]));
  } else {
    const one = resolveLoss(args.loss, "`loss`");
    lossList = outputNames.map(() => one);
    loss = one;
  }
  let metricArg: unknown;
  if (args.metrics === undefined) metricArg = undefined;
  else if (Array.isArray(args.metrics)) {
    // tfjs applies one metric list to every output; resolve "accuracy" from the first output's loss.
    metricArg = args.metrics.map((m, i) => resolveMetric(m, lossList[0], `metrics[${i}]`));
  } else if (typeof args.metrics === "object" && args.metrics !== null) {
    const dict = args.metrics as Record<string, MetricSpec | MetricSpec[]>;
    metricArg = Object.fromEntries(
      Object.entries(dict).map(([name, ms]) => {
        const i = outputNames.indexOf(name);
        if (i < 0) throw new RangeError(`compile: \`metrics\` names output "${name}", but the outputs are ${outputNames.join(", ")}`);
        const list = Array.isArray(ms) ? ms : [ms];
        return [name, list.map((m, j) => resolveMetric(m, lossList[i], `metrics.${name}[${j}]`))];
      }),
    );
  } else throw new TypeError("compile: `metrics` must be an array of metrics or an object of them per output name");
  metricArg = oneStatePerOutput(metricArg, outputNames);
  // tfjs's compile takes per-sample functions (a Keras loss's unreduced one, a masked loss's
  // values scaled so that their mean is Keras's); the numbers its steps use are then replaced by
  // Keras's compiled loss below.
  const forTfjs = (l: unknown) => (losses.isKerasLoss(l) ? l.forTfjs : l);
  const tfjsLoss = Array.isArray(loss) ? loss.map(forTfjs) : loss !== null && typeof loss === "object" ? Object.fromEntries(Object.entries(loss as Record<string, unknown>).map(([k, v]) => [k, forTfjs(v)])) : forTfjs(loss);
  const lossWeights = lossWeightsPerOutput(args.lossWeights, args.loss, outputNames, lossList);
  original.call(this, { optimizer, loss: tfjsLoss, metrics: metricArg });
  // tfjs's steps reduce by the mean and know no loss weights: its training step calls Keras's
  // reduced, weighted losses instead, and its test step is Keras's (compiled_loss.ts).
  const compiled = new CompiledLoss(this, lossList, lossWeights);
  this.lossFunctions = lossList.map((l, i) => (l === undefined ? this.lossFunctions[i] : compiled.trainingLoss(i)));
  this[COMPILED_LOSS] = compiled;
  this[TARGET_FORMS] = lossList.map((l): TargetForm => (!losses.isKerasLoss(l) ? null : l.kind === "sparse_categorical" ? "sparse" : l.kind === "sequence" ? "sequence" : null));
  this[LOSS_ARG] = args.loss;
  this[LOSS_WEIGHTS_ARG] = args.lossWeights;
}

function parseSummaryArgs(args: unknown[]): KerasSummaryOptions {
  const [first, positions, printFn] = args;
  if (first !== null && typeof first === "object" && !Array.isArray(first)) {
    const allowed = ["lineLength", "positions", "printFn", "expandNested", "showTrainable", "layerRange"];
    for (const k of Object.keys(first)) if (!allowed.includes(k)) throw new TypeError(`summary: unknown argument \`${k}\`; accepted: ${allowed.join(", ")}`);
    return first as KerasSummaryOptions;
  }
  const options: KerasSummaryOptions = {};
  if (typeof first === "number") options.lineLength = first;
  if (Array.isArray(positions)) options.positions = positions as number[];
  if (typeof printFn === "function") options.printFn = printFn as (line: string) => void;
  return options;
}

/** `predict` for inputs that include string tensors: batches cut with tf.slice, outputs joined along the batch axis. */
function predictStrings(model: tf.LayersModel, xs: tf.Tensor[], batchSize: number): tf.Tensor | tf.Tensor[] {
  const n = xs[0]!.shape[0] ?? 0;
  if (xs.some((t) => t.shape[0] !== n)) throw new RangeError(`predict: all inputs must have the same number of samples; got ${xs.map((t) => t.shape[0]).join(", ")}`);
  const parts: tf.Tensor[][] = [];
  for (let start = 0; start < n || (n === 0 && start === 0); start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const batch = xs.map((t) => tf.slice(t, [start, ...t.shape.slice(1).map(() => 0)], [size, ...t.shape.slice(1)]));
    const out = model.execute(batch.length === 1 ? batch[0]! : batch, model.outputs.map((o) => o.name));
    parts.push(Array.isArray(out) ? out : [out]);
    tf.dispose(batch);
    if (n === 0) break;
  }
  const joined = parts[0]!.map((_, i) => (parts.length === 1 ? parts[0]![i]! : tf.concat(parts.map((p) => p[i]!), 0)));
  if (parts.length > 1) tf.dispose(parts.flat());
  return joined.length === 1 ? joined[0]! : joined;
}

/** Installs the Keras behaviour on tf.LayersModel.prototype; calling it again does nothing. */
export function installKerasModelBehaviour(): void {
  // Private tfjs members (standardizeUserDataXY, feedOutputShapes) are reached deliberately here.
  const proto = tf.LayersModel.prototype as any;
  if (proto[INSTALLED]) return;
  Object.defineProperty(proto, INSTALLED, { value: true });

  const originalCompile = proto.compile;
  proto.compile = function (this: AnyModel, args: KerasCompileArgs) {
    return kerasCompile.call(this, originalCompile, args);
  } as any;

  // The saved training config: Keras's loss identifiers (names, serialized loss objects) instead
  // of tfjs's names, which lost every loss compiled through this namespace (training_config.ts).
  const originalLossIdentifiers = proto.getLossIdentifiers;
  proto.getLossIdentifiers = function (this: AnyModel) {
    // A Sequential compiles (and so records) on its inner functional model.
    const lossArg = this[LOSS_ARG] ?? (this.model instanceof tf.LayersModel ? (this.model as AnyModel)[LOSS_ARG] : undefined);
    return lossArg === undefined ? originalLossIdentifiers.call(this) : lossIdentifiers(lossArg);
  };
  // Keras saves `loss_weights` in the training config; tfjs saves none and refuses to load them.
  const originalTrainingConfig = proto.getTrainingConfig;
  proto.getTrainingConfig = function (this: AnyModel) {
    const config = originalTrainingConfig.call(this);
    const weights = this[LOSS_WEIGHTS_ARG] ?? (this.model instanceof tf.LayersModel ? (this.model as AnyModel)[LOSS_WEIGHTS_ARG] : undefined);
    return weights === undefined ? config : { ...config, loss_weights: weights };
  };
  const originalLoadTrainingConfig = proto.loadTrainingConfig;
  proto.loadTrainingConfig = function (this: AnyModel, { loss_weights: lossWeights, ...config }: { loss?: unknown; loss_weights?: KerasCompileArgs["lossWeights"] | null }) {
    const rebuilt = lossFromIdentifiers(config.loss);
    if ("missing" in rebuilt) {
      console.warn(`loadModel: the model is returned uncompiled (${rebuilt.missing}); call model.compile() before training`);
      return;
    }
    // tfjs's loader deserializes the optimizer and the metrics and calls compile with its own
    // reading of the loss (names only); this one call gets the rebuilt loss in its place.
    const compile = this.compile as unknown as (args: KerasCompileArgs) => void;
    Object.defineProperty(this, "compile", { configurable: true, writable: true, value: (args: KerasCompileArgs) => compile.call(this, { ...args, loss: rebuilt.loss as KerasCompileArgs["loss"], ...(lossWeights == null ? {} : { lossWeights }) }) });
    try {
      originalLoadTrainingConfig.call(this, { ...config, loss: "mse" });
    } finally {
      delete (this as Record<string, unknown>).compile;
    }
  };

  const originalStandardize = proto.standardizeUserDataXY;
  proto.standardizeUserDataXY = function (this: any, ...args: unknown[]) {
    const forms: TargetForm[] | undefined = this[TARGET_FORMS];
    if (!forms?.some(Boolean)) return originalStandardize.apply(this, args);
    const saved = this.feedOutputShapes;
    // tfjs checks each target against its output's shape: give it the targets' shape instead
    // (a sequence's length is its own, so unchecked).
    this.feedOutputShapes = saved.map((shape: tf.Shape, i: number) => (forms[i] === "sparse" ? [...shape.slice(0, -1), 1] : forms[i] === "sequence" ? [null, null] : shape));
    // Keras takes sparse labels without the trailing 1 too ([batch, steps] for a [batch, steps,
    // classes] output, as Embedding → TimeDistributed(Dense(softmax)) is trained).
    const withAxis = (y: unknown, i: number) => (forms[i] === "sparse" && y instanceof tf.Tensor && y.rank === saved[i].length - 1 ? tf.expandDims(y, -1) : y);
    if (args[1] instanceof tf.Tensor) args[1] = withAxis(args[1], 0);
    else if (Array.isArray(args[1])) args[1] = args[1].map(withAxis);
    try {
      return originalStandardize.apply(this, args);
    } finally {
      this.feedOutputShapes = saved;
    }
  };

  // tfjs's one training step (fit, fitDataset and trainOnBatch all build theirs here) never
  // applies the weights' constraints; Keras applies them after each update. The step is one
  // Keras call of the model: its layers' call losses (activity regularizers) are reset once,
  // before it, and its loss adds them all (model_losses.ts).
  installKerasVariableWrite();
  installModelLosses();
  const originalMakeTrainFunction = proto.makeTrainFunction;
  proto.makeTrainFunction = function (this: AnyModel) {
    const step = originalMakeTrainFunction.call(this);
    const compiled: CompiledLoss | undefined = this[COMPILED_LOSS];
    return (data: tf.Tensor[]) => {
      const n = this.inputs.length + this.outputs.length;
      // The sample weights (tfjs's class weights) go to Keras's losses, not to tfjs's multiplication.
      const outs = compiled === undefined ? runAsOneCall(this, () => step(data)) : compiled.duringStep(data.slice(n, n + this.outputs.length), () => runAsOneCall(this, () => step(data.slice(0, n))));
      applyWeightConstraints(this);
      return outs;
    };
  };

  // tfjs's test step (evaluate, fit's validation) adds no model losses, reduces each loss by the
  // mean and, for several outputs, reports running sums: Keras's test step instead.
  const originalMakeTestFunction = proto.makeTestFunction;
  proto.makeTestFunction = function (this: AnyModel) {
    const compiled: CompiledLoss | undefined = this[COMPILED_LOSS];
    if (compiled === undefined) return originalMakeTestFunction.call(this);
    (this as unknown as { testFunction?: unknown }).testFunction = (data: tf.Tensor[]) => tf.tidy(() => runAsOneCall(this, () => compiled.testStep(data, this.metricsTensors)));
  };

  // tfjs's predict slices batches with slice2d/slice3d, which refuse string tensors: a model that
  // starts with TextVectorization or StringLookup is run batch by batch with tf.slice instead.
  const originalPredict = proto.predict;
  proto.predict = function (this: AnyModel, x: tf.Tensor | tf.Tensor[], args: { batchSize?: number } = {}) {
    const xs = Array.isArray(x) ? x : [x];
    if (!xs.some((t) => t instanceof tf.Tensor && t.dtype === "string")) return originalPredict.call(this, x, args);
    return predictStrings(this, xs, args?.batchSize ?? 32);
  };

  // tfjs's private evaluation loops: testLoop serves evaluate() and fit's validation on tensors,
  // evaluateDataset serves evaluateDataset() and fitDataset's validation.
  const originalTestLoop = proto.testLoop;
  proto.testLoop = function (this: AnyModel, ...args: unknown[]) {
    return withFreshState(this, () => originalTestLoop.apply(this, args), (outs) => replaceWithResults(this, outs));
  };
  const originalEvaluateDataset = proto.evaluateDataset;
  proto.evaluateDataset = function (this: AnyModel, ...args: unknown[]) {
    return withFreshState(this, () => originalEvaluateDataset.apply(this, args), (outs) => replaceWithResults(this, outs));
  };

  const BaseCallback = Object.getPrototypeOf(tf.CustomCallback.prototype).constructor;
  for (const method of ["fit", "fitDataset"] as const) {
    const original = proto[method];
    const argsIndex = method === "fit" ? 2 : 1;
    const withCallbacks = function (this: AnyModel, args: unknown[]) {
      if (statefulMetricsOf(this).length === 0) return original.apply(this, args);
      const opts = { ...((args[argsIndex] as Record<string, unknown> | undefined) ?? {}) };
      const given = opts.callbacks == null ? [] : Array.isArray(opts.callbacks) ? opts.callbacks : [opts.callbacks];
      // tfjs converts plain callback objects only when the list holds no callback instance; ours is one.
      const list = given.map((c) => (c instanceof BaseCallback ? c : new tf.CustomCallback(c as tf.CustomCallbackArgs, opts.yieldEvery as any)));
      opts.callbacks = [statefulEpochCallback(this), ...list];
      const call = args.slice();
      while (call.length < argsIndex) call.push(undefined);
      call[argsIndex] = opts;
      return original.apply(this, call);
    };
    proto[method] = async function (this: AnyModel, ...args: unknown[]) {
      const history = await withCallbacks.call(this, args);
      // Keras's fit ends with `optimizer.finalize_variable_values(trainable_weights)` when
      // `epochs > 0` (with `useEma`, the weights take their moving averages).
      const epochs = (args[argsIndex] as { epochs?: number } | undefined)?.epochs ?? 1;
      const optimizer = this.optimizer as (tf.Optimizer & { finalizeVariableValues?: (variables: tf.Variable[]) => void }) | undefined;
      if (epochs > 0 && typeof optimizer?.finalizeVariableValues === "function") {
        optimizer.finalizeVariableValues(this.trainableWeights.map((w: { read(): tf.Tensor }) => w.read() as tf.Variable));
      }
      return history;
    };
  }

  proto.summary = function (this: AnyModel, ...args: unknown[]) {
    const { printFn, ...options } = parseSummaryArgs(args);
    const text = summaryText(this, options);
    if (printFn) for (const line of text.split("\n")) printFn(line);
    else console.log(text);
  } as any;

  const originalSave = proto.save;
  proto.save = function (this: AnyModel, target: unknown, config?: unknown) {
    const local = localPathOf(target);
    return originalSave.call(this, local !== undefined ? folderHandler(local) : target, config);
  } as any;

  proto.saveWeights = function (this: AnyModel, dir: string) {
    if (typeof dir !== "string") throw new TypeError("saveWeights: `filepath` must be a folder path");
    return saveWeights(this, dir);
  };
  // tfjs's Container.loadWeights(namedTensors) is what tf.loadLayersModel uses: keep it for non-strings.
  const originalLoadWeights = proto.loadWeights;
  proto.loadWeights = function (this: AnyModel, source: unknown, ...rest: unknown[]) {
    if (typeof source === "string") return loadWeights(this, source);
    return originalLoadWeights.call(this, source, ...rest);
  };
}

declare module "@tensorflow/tfjs-layers/dist/engine/training" {
  interface ModelCompileArgs {
    /** Keras's `loss_weights`: each output's loss multiplied by it in the total (a number, one per output, or by output name). */
    lossWeights?: number | number[] | Record<string, number>;
  }
  interface LayersModel {
    /** Keras's compile: Keras names and objects for the optimizer, losses (per output, names and objects mixed) and metrics. */
    compile(args: KerasCompileArgs): void;
    /** Keras's summary with an options object: `model.summary({ expandNested: true, printFn })`. */
    summary(options: KerasSummaryOptions): void;
    /** Keras's `save_weights`: the weights alone, into a folder, atomically. */
    saveWeights(filepath: string): Promise<void>;
  }
}

declare module "@tensorflow/tfjs-layers/dist/models" {
  interface Sequential {
    compile(args: KerasCompileArgs): void;
    summary(options: KerasSummaryOptions): void;
  }
}
