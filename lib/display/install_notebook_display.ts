import * as tf from "@tensorflow/tfjs";
import { displaySink } from "./display.js";
import { registerRichFormatters } from "./register_all.js";
import { LivePlot } from "../keras/callbacks/live_plot.js";

const wrapped = Symbol.for("tslab-keras.livePlotWrapped");

type CallbackArg = tf.CustomCallbackArgs | tf.CustomCallbackArgs[] | tf.Callback | tf.Callback[] | undefined;

/**
 * The callbacks with a LivePlot added, as a list of BaseCallbacks: tfjs accepts either all
 * callback objects or all `{ onEpochEnd, ... }` configs, so configs are converted here.
 */
export function withLivePlot(callbacks: unknown, yieldEvery: unknown): unknown {
  const list = callbacks == null ? [] : Array.isArray(callbacks) ? callbacks : [callbacks];
  if (list.some((c) => c instanceof LivePlot)) return callbacks;
  const normalized = list.map((c) => (c instanceof tf.Callback || (c as object) instanceof (tf.CustomCallback as unknown as { prototype: object; new (...a: never[]): unknown }) ? c : new tf.CustomCallback(c as tf.CustomCallbackArgs, yieldEvery as never)));
  return [...normalized, new LivePlot()];
}

function liveWanted(args: { verbose?: unknown } | undefined): boolean {
  return displaySink().rich && (args?.verbose === undefined || args.verbose !== 0);
}

/**
 * What the kernel calls once in its prelude: registers every rich formatter and makes training
 * visible — each `fit` / `fitDataset` of a tf.LayersModel gets a LivePlot while a rich front end
 * is attached, unless the call says `verbose: 0` or already has one. Wraps whatever `fit` is
 * installed now (other wrappers keep working) and only once.
 */
export function installNotebookDisplay(): void {
  registerRichFormatters();
  const proto = tf.LayersModel.prototype as unknown as Record<string, ((...a: unknown[]) => unknown) & { [wrapped]?: true }>;
  const fit = proto.fit;
  if (!fit[wrapped]) {
    const livedFit = function (this: tf.LayersModel, x: unknown, y: unknown, args?: { verbose?: unknown; callbacks?: CallbackArg; yieldEvery?: unknown }) {
      if (liveWanted(args)) args = { ...(args ?? {}), callbacks: withLivePlot(args?.callbacks, args?.yieldEvery) as CallbackArg };
      return fit.call(this, x, y, args);
    } as typeof fit;
    livedFit[wrapped] = true;
    proto.fit = livedFit;
  }
  const fitDataset = proto.fitDataset;
  if (!fitDataset[wrapped]) {
    const livedFitDataset = function (this: tf.LayersModel, dataset: unknown, args?: { verbose?: unknown; callbacks?: CallbackArg; yieldEvery?: unknown }) {
      if (liveWanted(args)) args = { ...(args as object), callbacks: withLivePlot(args?.callbacks, args?.yieldEvery) as CallbackArg };
      return fitDataset.call(this, dataset, args);
    } as typeof fitDataset;
    livedFitDataset[wrapped] = true;
    proto.fitDataset = livedFitDataset;
  }
}
