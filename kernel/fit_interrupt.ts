import { cellContext, KeyboardInterrupt } from "./cell_context.js";

/**
 * An interrupt during `model.fit` / `fitDataset` stops training at the end of the current batch
 * (tfjs checks `stopTraining` there) and the cell then ends with KeyboardInterrupt; the cell is
 * reported finished only once training has really stopped, so the next cell finds the model idle.
 */

type TF = typeof import("@tensorflow/tfjs");
const INSTALLED = Symbol.for("tslab-keras.fitInterrupt");

export function installFitInterrupt(tf: TF): void {
  const proto = tf.LayersModel.prototype as unknown as Record<string | symbol, unknown>;
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const BaseCallback = Object.getPrototypeOf(tf.CustomCallback.prototype).constructor as new (...a: unknown[]) => object;

  const withStopper = (model: { stopTraining: boolean }, callbacks: unknown, ctx: NonNullable<ReturnType<typeof cellContext.getStore>>) => {
    const list = callbacks == null ? [] : Array.isArray(callbacks) ? callbacks : [callbacks];
    const normalized = list.map((c) => (c instanceof BaseCallback ? c : new tf.CustomCallback(c as import("@tensorflow/tfjs").CustomCallbackArgs)));
    const stop = async () => {
      if (ctx.interrupted) model.stopTraining = true;
    };
    normalized.push(new tf.CustomCallback({ onBatchEnd: stop, onEpochEnd: stop }));
    return normalized;
  };

  for (const method of ["fit", "fitDataset"] as const) {
    const original = proto[method] as (...args: unknown[]) => Promise<unknown>;
    const argsIndex = method === "fit" ? 2 : 1;
    proto[method] = function (this: { stopTraining: boolean }, ...args: unknown[]) {
      const ctx = cellContext.getStore();
      if (!ctx) return original.apply(this, args);
      const opts = { ...((args[argsIndex] as Record<string, unknown> | undefined) ?? {}) };
      opts.callbacks = withStopper(this, opts.callbacks, ctx);
      const call = args.slice();
      while (call.length < argsIndex) call.push(undefined);
      call[argsIndex] = opts;
      const running = original.apply(this, call);
      ctx.pending.add(running);
      running.then(
        () => ctx.pending.delete(running),
        () => ctx.pending.delete(running),
      );
      return running.then((history) => {
        if (ctx.interrupted) throw new KeyboardInterrupt("training stopped at the end of a batch");
        return history;
      });
    };
  }
}
