import * as tf from "@tensorflow/tfjs";
import { inputNames } from "./signature_names.js";
import { ServingError } from "./errors.js";

/** One model input of a request: values in row-major order, the shape of one example, the batch size. */
export interface RequestInput {
  name: string;
  values: Float32Array | Int32Array;
  exampleShape: number[];
  batch: number;
}

export interface ParsedPredictRequest {
  format: "row" | "columnar";
  inputs: RequestInput[];
  batch: number;
}

/**
 * Reads a TF-Serving predict body (api_rest.md): row format `{"instances": [...]}` or columnar
 * format `{"inputs": ...}`, named by input for multi-input models, values as (nested) numbers or
 * `{"b64": "..."}`. A tfjs Layers model has only numeric inputs, so a b64 value stands for the raw
 * little-endian bytes of that input's values (TensorProto's `tensor_content` layout).
 */
export function parsePredictRequest(body: unknown, model: tf.LayersModel): ParsedPredictRequest {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ServingError(400, "JSON Value: request body must be a JSON object with 'instances' or 'inputs'");
  }
  const obj = body as Record<string, unknown>;
  const hasInstances = "instances" in obj;
  const hasInputs = "inputs" in obj;
  if (hasInstances && hasInputs) {
    throw new ServingError(400, "Not a valid JSON format: request has both 'instances' and 'inputs' keys; use one");
  }
  if (!hasInstances && !hasInputs) throw new ServingError(400, "Missing 'inputs' or 'instances' key");
  if ("signature_name" in obj && obj.signature_name !== "serving_default" && obj.signature_name !== "") {
    throw new ServingError(400, `Serving signature name: "${String(obj.signature_name)}" not found in signature def; the only signature is "serving_default"`);
  }
  const names = inputNames(model);
  const inputs = hasInstances ? parseRows(obj.instances, model) : parseColumns(obj.inputs, model);
  const batch = inputs[0].batch;
  for (const input of inputs) {
    if (input.batch !== batch) {
      throw new ServingError(400, `input '${input.name}' has batch size ${input.batch} but '${inputs[0].name}' has ${batch}; all inputs need the same batch size`);
    }
  }
  if (batch === 0) throw new ServingError(400, `empty batch: no examples given for input '${names[0]}'`);
  return { format: hasInstances ? "row" : "columnar", inputs, batch };
}

function parseRows(instances: unknown, model: tf.LayersModel): RequestInput[] {
  if (!Array.isArray(instances)) throw new ServingError(400, "'instances' must be a JSON list, one entry per example");
  const names = inputNames(model);
  const perInput: unknown[][] = names.map(() => []);
  for (let i = 0; i < instances.length; i++) {
    const instance = instances[i];
    const named = isPlainObject(instance) && !("b64" in (instance as object));
    if (names.length > 1 && !named) {
      throw new ServingError(400, `instance ${i}: the model has ${names.length} inputs (${names.join(", ")}); each instance must be an object keyed by input name`);
    }
    if (named) {
      const record = instance as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!names.includes(key)) throw new ServingError(400, `instance ${i}: unknown input '${key}'; the model's inputs are ${names.join(", ")}`);
      }
      names.forEach((name, k) => {
        if (!(name in record)) throw new ServingError(400, `instance ${i}: missing input '${name}'`);
        perInput[k].push(record[name]);
      });
    } else {
      perInput[0].push(instance);
    }
  }
  return names.map((name, k) => toInput(name, perInput[k], model, k, "instances"));
}

function parseColumns(inputs: unknown, model: tf.LayersModel): RequestInput[] {
  const names = inputNames(model);
  const named = isPlainObject(inputs) && !("b64" in (inputs as object));
  if (!named) {
    if (names.length > 1) throw new ServingError(400, `'inputs' must be an object keyed by input name (${names.join(", ")}) for a model with ${names.length} inputs`);
    return [toInput(names[0], inputs, model, 0, "inputs")];
  }
  const record = inputs as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!names.includes(key)) throw new ServingError(400, `unknown input '${key}'; the model's inputs are ${names.join(", ")}`);
  }
  return names.map((name, k) => {
    if (!(name in record)) throw new ServingError(400, `'inputs' is missing input '${name}'`);
    return toInput(name, record[name], model, k, "inputs");
  });
}

function toInput(name: string, batched: unknown, model: tf.LayersModel, k: number, field: string): RequestInput {
  const symbolic = model.inputs[k];
  const dtype = symbolic.dtype === "int32" || symbolic.dtype === "bool" ? "int32" : "float32";
  const expected = symbolic.shape.slice(1);
  if (!Array.isArray(batched)) throw new ServingError(400, `'${field}' for input '${name}' must be a list with one entry per example`);
  const flat: number[] = [];
  let exampleShape: number[] | undefined;
  for (let i = 0; i < batched.length; i++) {
    const shape: number[] = [];
    flatten(batched[i], flat, shape, 0, dtype, expected, name);
    if (exampleShape === undefined) exampleShape = shape;
    else if (!sameShape(shape, exampleShape)) {
      throw new ServingError(400, `input '${name}': example ${i} has shape [${shape}] but example 0 has [${exampleShape}]; all examples need one shape`);
    }
  }
  exampleShape ??= expected.map((d) => d ?? 0);
  if (exampleShape.length !== expected.length || exampleShape.some((d, j) => expected[j] !== null && expected[j] !== d)) {
    throw new ServingError(400, `input '${name}' expects each example to have shape [${expected.map((d) => d ?? -1)}] but got [${exampleShape}]`);
  }
  const values = dtype === "int32" ? Int32Array.from(flat) : Float32Array.from(flat);
  return { name, values, exampleShape, batch: batched.length };
}

/** Flattens one example, recording its shape from the first element of each level. */
function flatten(value: unknown, out: number[], shape: number[], depth: number, dtype: string, expected: (number | null)[], name: string): void {
  if (Array.isArray(value)) {
    if (shape.length === depth) shape.push(value.length);
    else if (shape[depth] !== value.length) throw new ServingError(400, `input '${name}': ragged list (lengths ${shape[depth]} and ${value.length} at depth ${depth + 1}); tensors must be rectangular`);
    for (const v of value) flatten(v, out, shape, depth + 1, dtype, expected, name);
    return;
  }
  if (shape.length > depth) throw new ServingError(400, `input '${name}': ragged list (a number where a list was expected at depth ${depth + 1})`);
  if (typeof value === "number") {
    out.push(value);
    return;
  }
  if (typeof value === "boolean") {
    out.push(value ? 1 : 0);
    return;
  }
  if (isPlainObject(value) && typeof (value as { b64?: unknown }).b64 === "string") {
    const bytes = Buffer.from((value as { b64: string }).b64, "base64");
    if (bytes.byteLength % 4 !== 0) throw new ServingError(400, `input '${name}': b64 value has ${bytes.byteLength} bytes, not a whole number of 4-byte ${dtype} values`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = bytes.byteLength / 4;
    for (let i = 0; i < n; i++) out.push(dtype === "int32" ? view.getInt32(i * 4, true) : view.getFloat32(i * 4, true));
    // The decoded values fill the innermost dimensions that remain in the model's input shape.
    const rest = expected.slice(depth);
    if (rest.length === 0) {
      if (n !== 1) throw new ServingError(400, `input '${name}': b64 value decodes to ${n} values where one scalar was expected`);
    } else {
      const inner = rest.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
      if (n % inner !== 0) throw new ServingError(400, `input '${name}': b64 value decodes to ${n} values, not a multiple of ${inner}`);
      shape.push(n / inner, ...rest.slice(1).map((d) => d ?? 1));
    }
    return;
  }
  throw new ServingError(400, `input '${name}': ${JSON.stringify(value)?.slice(0, 40)} is not a number, a list or {"b64": ...}`);
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
