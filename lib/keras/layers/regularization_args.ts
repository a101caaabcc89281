/**
 * What Keras 3's regularization layers (keras/src/layers/regularization/) share: the `[0, 1]`
 * check of `rate`/`stddev` in Keras's words, the `seed` option, and the per-call seed that stands
 * for Keras's SeedGenerator (a seeded layer draws the same sequence of masks from its first call;
 * an unseeded one draws fresh ones).
 */
import { num, nullable, type OptionCheck } from "./options.js";
import { SeedStream } from "./image_transform.js";

/** Keras's "Invalid value received for argument `rate`. Expected a float value between 0 and 1." */
export function unitInterval(owner: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${owner}: Invalid value received for argument \`${name}\`. Expected a float value between 0 and 1. Received: ${name}=${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
  }
  return value;
}

/** `seed`: an integer or null (Keras's None: a fresh draw each call). */
export const seedCheck: OptionCheck = nullable(num(-Infinity, Infinity, { integer: true }));

/** The seed stream of a layer made with `seed`; tfjs's random ops take its string seeds. */
export function seedStream(seed: unknown): SeedStream {
  return new SeedStream(typeof seed === "number" ? seed : null);
}
