import { inspect } from "node:util";
import type { MimeBundle, MimeMetadata } from "./mime.js";

/**
 * A rich representation of one kind of value. Returns `undefined` when the value is not its kind,
 * so the registry can try the next one. `text/plain` is filled in when a formatter leaves it out.
 */
export type Formatter = (value: unknown) => { data: MimeBundle; metadata?: MimeMetadata } | MimeBundle | undefined;

interface Entry {
  name: string;
  priority: number;
  format: Formatter;
}

const entries: Entry[] = [];

/**
 * Registers `format` under `name` (a second registration under the same name replaces the first,
 * so re-running a cell that defines a formatter does not stack copies). Higher priority is tried first.
 */
export function registerFormatter(name: string, format: Formatter, priority = 0): void {
  if (typeof name !== "string" || name === "") throw new TypeError("registerFormatter: `name` must be a non-empty string");
  if (typeof format !== "function") throw new TypeError(`registerFormatter(${JSON.stringify(name)}): \`format\` must be a function`);
  const at = entries.findIndex((e) => e.name === name);
  if (at >= 0) entries.splice(at, 1);
  entries.push({ name, priority, format });
  entries.sort((a, b) => b.priority - a.priority);
}

export function unregisterFormatter(name: string): boolean {
  const at = entries.findIndex((e) => e.name === name);
  if (at < 0) return false;
  entries.splice(at, 1);
  return true;
}

export function formatterNames(): string[] {
  return entries.map((e) => e.name);
}

/** `text/plain` as Node's REPL shows a value: what tslab printed before, now as a result. */
export function plainText(value: unknown): string {
  if (typeof value === "string") return inspect(value);
  return inspect(value, { depth: 2, colors: false, maxArrayLength: 100, breakLength: 100 });
}

/**
 * The mime bundle for `value`: the first formatter that claims it, else plain text. A formatter
 * that throws is reported inside the bundle's text rather than losing the result.
 */
export function formatValue(value: unknown): { data: MimeBundle; metadata: MimeMetadata } {
  for (const e of entries) {
    let out: ReturnType<Formatter>;
    try {
      out = e.format(value);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { data: { "text/plain": `${plainText(value)}\n[formatter ${e.name} failed: ${why}]` }, metadata: {} };
    }
    if (out === undefined) continue;
    const isWrapped = typeof out === "object" && out !== null && "data" in out && typeof (out as { data: unknown }).data === "object";
    const data = { ...(isWrapped ? (out as { data: MimeBundle }).data : (out as MimeBundle)) };
    const metadata = isWrapped ? { ...((out as { metadata?: MimeMetadata }).metadata ?? {}) } : {};
    if (data["text/plain"] === undefined) data["text/plain"] = plainText(value);
    return { data, metadata };
  }
  return { data: { "text/plain": plainText(value) }, metadata: {} };
}
