/**
 * KerasTuner's `HyperParameters`: `hp.Int`, `hp.Float`, `hp.Choice`, `hp.Boolean`, `hp.Fixed`
 * both declare a hyperparameter (the first time the build function runs) and return its value
 * for the trial being built.
 */
export type HpValue = number | string | boolean;

export type HpSpec =
  | { type: "int"; name: string; minValue: number; maxValue: number; step: number | null; sampling: Sampling; default: number }
  | { type: "float"; name: string; minValue: number; maxValue: number; step: number | null; sampling: Sampling; default: number }
  | { type: "choice"; name: string; values: HpValue[]; default: HpValue }
  | { type: "boolean"; name: string; default: boolean }
  | { type: "fixed"; name: string; value: HpValue; default: HpValue };

export type Sampling = "linear" | "log" | "reverse_log";

export interface RangeOptions {
  step?: number;
  sampling?: Sampling;
  default?: number;
}

export class HyperParameters {
  /** The space, in declaration order. */
  readonly space: HpSpec[] = [];
  /** This trial's values by name. */
  readonly values: Record<string, HpValue> = {};

  constructor(values: Record<string, HpValue> = {}, space: HpSpec[] = []) {
    Object.assign(this.values, values);
    this.space.push(...space);
  }

  Int(name: string, minValue: number, maxValue: number, options: RangeOptions = {}): number {
    checkName(name);
    if (!Number.isInteger(minValue) || !Number.isInteger(maxValue) || minValue > maxValue) {
      throw new Error(`hp.Int("${name}"): minValue and maxValue must be integers with minValue <= maxValue, got ${minValue}, ${maxValue}`);
    }
    const step = options.step ?? null;
    if (step !== null && (!Number.isInteger(step) || step <= 0)) throw new Error(`hp.Int("${name}"): step must be a positive integer, got ${step}`);
    const sampling = checkSampling(name, options.sampling, minValue);
    return this.register({ type: "int", name, minValue, maxValue, step, sampling, default: options.default ?? minValue }) as number;
  }

  Float(name: string, minValue: number, maxValue: number, options: RangeOptions = {}): number {
    checkName(name);
    if (!Number.isFinite(minValue) || !Number.isFinite(maxValue) || minValue > maxValue) {
      throw new Error(`hp.Float("${name}"): minValue and maxValue must be finite with minValue <= maxValue, got ${minValue}, ${maxValue}`);
    }
    const step = options.step ?? null;
    if (step !== null && !(step > 0)) throw new Error(`hp.Float("${name}"): step must be > 0, got ${step}`);
    const sampling = checkSampling(name, options.sampling, minValue);
    return this.register({ type: "float", name, minValue, maxValue, step, sampling, default: options.default ?? minValue }) as number;
  }

  Choice<T extends HpValue>(name: string, values: T[], options: { default?: T } = {}): T {
    checkName(name);
    if (!Array.isArray(values) || values.length === 0) throw new Error(`hp.Choice("${name}"): values must be a non-empty list`);
    const kinds = new Set(values.map((v) => typeof v));
    if (kinds.size !== 1 || ![...kinds].every((k) => k === "number" || k === "string" || k === "boolean")) {
      throw new Error(`hp.Choice("${name}"): values must all be numbers, all strings or all booleans`);
    }
    const dflt = options.default ?? values[0];
    if (!values.includes(dflt)) throw new Error(`hp.Choice("${name}"): default ${JSON.stringify(dflt)} is not one of the values`);
    return this.register({ type: "choice", name, values, default: dflt }) as T;
  }

  Boolean(name: string, options: { default?: boolean } = {}): boolean {
    checkName(name);
    return this.register({ type: "boolean", name, default: options.default ?? false }) as boolean;
  }

  Fixed<T extends HpValue>(name: string, value: T): T {
    checkName(name);
    return this.register({ type: "fixed", name, value, default: value }) as T;
  }

  get(name: string): HpValue {
    if (!(name in this.values)) throw new Error(`hyperparameter "${name}" is not defined; defined: ${Object.keys(this.values).join(", ") || "none"}`);
    return this.values[name];
  }

  private register(spec: HpSpec): HpValue {
    const existing = this.space.find((s) => s.name === spec.name);
    if (existing === undefined) this.space.push(spec);
    else if (existing.type !== spec.type) throw new Error(`hyperparameter "${spec.name}" is declared as ${existing.type} and again as ${spec.type}`);
    if (!(spec.name in this.values)) this.values[spec.name] = spec.type === "fixed" ? spec.value : spec.default;
    return this.values[spec.name];
  }
}

function checkName(name: string): void {
  if (typeof name !== "string" || name === "") throw new Error(`hyperparameter name must be a non-empty string, got ${JSON.stringify(name)}`);
}

function checkSampling(name: string, sampling: Sampling | undefined, minValue: number): Sampling {
  const s = sampling ?? "linear";
  if (s !== "linear" && s !== "log" && s !== "reverse_log") throw new Error(`hyperparameter "${name}": sampling must be "linear", "log" or "reverse_log", got ${JSON.stringify(sampling)}`);
  if (s !== "linear" && !(minValue > 0)) throw new Error(`hyperparameter "${name}": ${s} sampling needs minValue > 0, got ${minValue}`);
  return s;
}

/** Draws one value of `spec` with `rand` in [0, 1): uniform, or uniform in log space for "log". */
export function sampleValue(spec: HpSpec, rand: () => number): HpValue {
  switch (spec.type) {
    case "fixed":
      return spec.value;
    case "boolean":
      return rand() < 0.5;
    case "choice":
      return spec.values[Math.floor(rand() * spec.values.length)];
    case "int":
    case "float": {
      const { minValue: lo, maxValue: hi } = spec;
      if (spec.step !== null) {
        const grid = rangeGrid(spec);
        return grid[Math.floor(rand() * grid.length)];
      }
      const u = rand();
      let v: number;
      if (spec.sampling === "log") v = lo * Math.pow(hi / lo, u);
      else if (spec.sampling === "reverse_log") v = hi + lo - lo * Math.pow(hi / lo, 1 - u);
      else v = lo + u * (hi - lo);
      if (spec.type === "int") return Math.min(hi, Math.floor(spec.sampling === "linear" ? lo + u * (hi - lo + 1) : v));
      return v;
    }
  }
}

/** Every value of a hyperparameter, for grid search; a Float without step gets 10 points (log-spaced for log sampling). */
export function gridValues(spec: HpSpec): HpValue[] {
  switch (spec.type) {
    case "fixed":
      return [spec.value];
    case "boolean":
      return [false, true];
    case "choice":
      return [...spec.values];
    case "int":
      return spec.step === null && spec.sampling === "linear" ? range(spec.minValue, spec.maxValue, 1) : rangeGrid(spec);
    case "float":
      return rangeGrid(spec);
  }
}

function rangeGrid(spec: Extract<HpSpec, { type: "int" | "float" }>): number[] {
  const { minValue: lo, maxValue: hi } = spec;
  if (spec.step !== null) {
    if (spec.sampling === "log") {
      // KerasTuner: with log sampling, step is a multiplier.
      const out: number[] = [];
      for (let v = lo; v <= hi * (1 + 1e-12); v *= spec.step) out.push(spec.type === "int" ? Math.round(v) : v);
      return out;
    }
    return range(lo, hi, spec.step);
  }
  const n = spec.type === "int" ? Math.min(10, hi - lo + 1) : 10;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = n === 1 ? 0 : i / (n - 1);
    const v = spec.sampling === "linear" ? lo + u * (hi - lo) : lo * Math.pow(hi / lo, u);
    out.push(spec.type === "int" ? Math.round(v) : v);
  }
  return [...new Set(out)];
}

function range(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  const n = Math.floor((hi - lo) / step + 1e-9);
  for (let i = 0; i <= n; i++) out.push(Number((lo + i * step).toPrecision(12)));
  return out;
}
