/**
 * Translation between tfjs-layers' serialized model/optimizer configs and Keras 2's. tfjs's
 * `model.toJSON()` already uses Keras's class names and snake_case config keys (the tfjs
 * converter hands it to Keras's `model_from_json`); what differs is the optimizer config
 * (tfjs keeps camelCase keys and names RMSprop "RMSProp") and the wrapper fields newer Keras 2
 * versions add around nested objects (`module`, `registered_name`, `build_config`).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const optimizerKeysToKeras: Record<string, string> = {
  learningRate: "learning_rate",
  beta1: "beta_1",
  beta2: "beta_2",
  useNesterov: "nesterov",
  initialAccumulatorValue: "initial_accumulator_value",
  // Adafactor's: Keras puts an underscore before the digit.
  beta2Decay: "beta_2_decay",
  epsilon1: "epsilon_1",
  epsilon2: "epsilon_2",
};

const optimizerClassToKeras: Record<string, string> = { RMSProp: "RMSprop" };
const optimizerClassToTfjs: Record<string, string> = { RMSprop: "RMSProp" };

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A learning-rate schedule in an optimizer config (`{module, class_name, config}`), its config's keys renamed. */
function scheduleWithKeys(value: unknown, rename: (key: string) => string): unknown {
  if (value === null || typeof value !== "object" || typeof (value as { class_name?: unknown }).class_name !== "string") return value;
  const schedule = value as { config?: Record<string, unknown> };
  return { ...schedule, config: Object.fromEntries(Object.entries(schedule.config ?? {}).map(([k, v]) => [rename(k), v])) };
}

export function optimizerConfigToKeras(className: string, config: Record<string, unknown>): { class_name: string; config: Record<string, unknown> } {
  const out: Record<string, unknown> = { name: optimizerClassToKeras[className] ?? className };
  // Keys without a special spelling are Keras's own in camelCase (weightDecay, useEma, globalClipnorm, ...).
  for (const [k, v] of Object.entries(config)) out[optimizerKeysToKeras[k] ?? snake(k)] = k === "learningRate" ? scheduleWithKeys(v, snake) : v;
  return { class_name: optimizerClassToKeras[className] ?? className, config: out };
}

/** The tfjs optimizer for a Keras `optimizer_config`, or undefined when tfjs has no such optimizer. */
export function optimizerConfigToTfjs(optimizerConfig: { class_name?: string; config?: Record<string, unknown> }): { className: string; config: Record<string, unknown> } {
  const className = optimizerClassToTfjs[optimizerConfig.class_name ?? ""] ?? optimizerConfig.class_name ?? "";
  const config: Record<string, unknown> = {};
  const back = Object.fromEntries(Object.entries(optimizerKeysToKeras).map(([t, k]) => [k, t]));
  for (const [k, v] of Object.entries(optimizerConfig.config ?? {})) {
    // A learning-rate schedule is the one object kept (keras.optimizers.schedules reads it back).
    if (k === "learning_rate" && v !== null && typeof v === "object") {
      config.learningRate = scheduleWithKeys(v, camel);
      continue;
    }
    if (v === null || k === "name" || typeof v === "object") continue;
    config[back[k] ?? camel(k)] = v;
  }
  return { className, config };
}

/** Removes Keras 2.13+'s serialization wrapper fields that tfjs's deserializer does not know. */
export function stripKerasWrappers(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripKerasWrappers);
  if (value === null || typeof value !== "object") return value;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "module" || k === "registered_name" || k === "build_config" || k === "compile_config" || k === "shared_object_id") continue;
    // Keras 3 writes a layer's dtype as a DTypePolicy object; tfjs wants the name.
    if (k === "dtype" && v !== null && typeof v === "object" && !Array.isArray(v)) {
      const cfg = (v as { config?: { name?: string } }).config;
      out[k] = cfg?.name ?? "float32";
      continue;
    }
    out[k] = stripKerasWrappers(v);
  }
  return out;
}

export type { Json };
