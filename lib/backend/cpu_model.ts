import * as os from "node:os";

/** The CPU model and core count, as a user would recognise the machine. */
export function cpuModel(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model?.trim() || "unknown CPU";
  return `${model} (${cpus.length} ${cpus.length === 1 ? "core" : "cores"})`;
}
