/** KerasTuner's `Objective(name, direction)`; a bare name infers the direction ("loss"/"error" → min). */
export class Objective {
  constructor(readonly name: string, readonly direction: "min" | "max") {
    if (typeof name !== "string" || name === "") throw new Error(`Objective: name must be a metric name such as "val_accuracy", got ${JSON.stringify(name)}`);
    if (direction !== "min" && direction !== "max") throw new Error(`Objective("${name}"): direction must be "min" or "max", got ${JSON.stringify(direction)}`);
  }

  static from(value: string | Objective | { name: string; direction: "min" | "max" }): Objective {
    if (value instanceof Objective) return value;
    if (typeof value === "string") return new Objective(value, /loss|error/.test(value) ? "min" : "max");
    if (value && typeof value === "object") return new Objective(value.name, value.direction);
    throw new Error(`objective must be a metric name or an Objective, got ${JSON.stringify(value)}`);
  }

  better(a: number, b: number): boolean {
    return this.direction === "max" ? a > b : a < b;
  }

  /** tfjs logs Keras's "accuracy" metric as "acc"; look both up so Keras spellings work. */
  read(logs: Record<string, number[] | undefined>): number[] | undefined {
    const aliases = [this.name, this.name.replace(/accuracy$/, "acc"), this.name.replace(/acc$/, "accuracy")];
    for (const key of aliases) if (logs[key]) return logs[key];
    return undefined;
  }
}
