/**
 * A compiled model's losses in its saved training config, and back. tfjs writes only loss *names*
 * (a loss function became `{}`: a model compiled with `loss: "mse"` through the keras namespace,
 * which hands tfjs a function, was saved without a loss and could not be trained after loading —
 * "lossFunction is not a function"). Here each loss is saved as Keras 3 saves compile's `loss`:
 * a name stays the name the user gave, a keras.losses object is serialized with its config (so
 * `fromLogits` and the rest survive), per output as a list or an object; a plain function has
 * no saved form (Keras would need it registered) and the model loads uncompiled, with a warning.
 */
import { deserialize, isSerializedLoss, serialize } from "../losses/serialization.js";
import { isKerasLoss, isLossName } from "../losses/losses.js";

/** One loss as saved: a name, a serialized loss object, or null where it has no saved form. */
export type LossIdentifier = string | ReturnType<typeof serialize> | null;
export type LossIdentifiers = LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>;

function identifierOf(spec: unknown): LossIdentifier {
  if (typeof spec === "string") return spec;
  if (isKerasLoss(spec)) return serialize(spec);
  // keras.losses.get("mse") gives a per-sample function named by Keras's name.
  const name = typeof spec === "function" ? (spec as { name?: unknown }).name : undefined;
  return typeof name === "string" && isLossName(name) ? name : null;
}

/** The saved form of compile's `loss` argument (a single loss, a list per output, or an object per output name). */
export function lossIdentifiers(lossArg: unknown): LossIdentifiers {
  if (Array.isArray(lossArg)) return lossArg.map(identifierOf);
  if (lossArg !== null && typeof lossArg === "object" && typeof lossArg !== "function") {
    return Object.fromEntries(Object.entries(lossArg as Record<string, unknown>).map(([k, v]) => [k, identifierOf(v)]));
  }
  return identifierOf(lossArg);
}

/**
 * compile's `loss` argument from a saved training config, or a reason it cannot be rebuilt
 * (no loss saved, a loss without a saved form, an unknown class).
 */
export function lossFromIdentifiers(saved: unknown): { loss: unknown } | { missing: string } {
  const one = (id: unknown, where: string): unknown => {
    if (typeof id === "string") return id;
    if (isSerializedLoss(id)) return deserialize(id);
    throw new Error(`${where} was not saved (a plain function has no saved form)`);
  };
  try {
    if (saved === undefined) return { missing: "the file holds no loss" };
    if (Array.isArray(saved)) return { loss: saved.map((id, i) => one(id, `loss[${i}]`)) };
    if (typeof saved === "object" && saved !== null && !isSerializedLoss(saved)) {
      const entries = Object.entries(saved as Record<string, unknown>);
      if (entries.length === 0) return { missing: "the file holds no loss (an older save lost it)" };
      return { loss: Object.fromEntries(entries.map(([k, id]) => [k, one(id, `loss.${k}`)])) };
    }
    return { loss: one(saved, "the loss") };
  } catch (err) {
    return { missing: (err as Error).message };
  }
}
