import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Message } from "./wire.js";
export { writeFileAtomic } from "../lib/files/write_file_atomic.js";

/** nbformat 4 notebooks: reading, the outputs of one execution, and atomic writing. */

export type MultilineString = string | string[];

export interface Output {
  output_type: "stream" | "display_data" | "execute_result" | "error";
  name?: string;
  text?: MultilineString;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

export interface Cell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: MultilineString;
  metadata: Record<string, unknown>;
  outputs?: Output[];
  execution_count?: number | null;
  attachments?: unknown;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

export function joinSource(s: MultilineString): string {
  return Array.isArray(s) ? s.join("") : s;
}

export function readNotebook(file: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: not a readable notebook (${(e as Error).message})`);
  }
  if (nb.nbformat !== 4 || !Array.isArray(nb.cells)) throw new Error(`${file}: only nbformat 4 notebooks are supported (found nbformat ${JSON.stringify(nb.nbformat)})`);
  return nb;
}

/** nbformat 4.5 requires cell ids; keep those a notebook has, add the missing ones. */
export function upgradeTo45(nb: Notebook): void {
  nb.nbformat_minor = Math.max(5, nb.nbformat_minor ?? 0);
  const seen = new Set<string>();
  for (const c of nb.cells) {
    if (typeof c.id !== "string" || !/^[a-zA-Z0-9-_]{1,64}$/.test(c.id) || seen.has(c.id)) c.id = randomUUID().slice(0, 8);
    seen.add(c.id);
    c.metadata ??= {};
  }
}

/**
 * Turns iopub messages into a cell's outputs the way Jupyter front ends do: streams merge,
 * `clear_output(wait)` clears at the next output, `update_display_data` rewrites every output
 * shown under that display id — in whichever cell it lives.
 */
export class OutputCollector {
  private readonly byDisplayId = new Map<string, Output[]>();
  private clearPending = new Set<Output[]>();

  handle(outputs: Output[], msg: Message): void {
    const c = msg.content as Record<string, unknown>;
    const type = msg.header.msg_type;
    if (type === "clear_output") {
      if (c.wait) this.clearPending.add(outputs);
      else outputs.splice(0);
      return;
    }
    if (type === "update_display_data") {
      const id = (c.transient as { display_id?: string } | undefined)?.display_id;
      for (const o of (id && this.byDisplayId.get(id)) || []) {
        o.data = c.data as Record<string, unknown>;
        o.metadata = (c.metadata as Record<string, unknown>) ?? {};
      }
      return;
    }
    if (!["stream", "display_data", "execute_result", "error"].includes(type)) return;
    if (this.clearPending.has(outputs)) {
      outputs.splice(0);
      this.clearPending.delete(outputs);
    }
    if (type === "stream") {
      const last = outputs[outputs.length - 1];
      if (last && last.output_type === "stream" && last.name === c.name) last.text = joinSource(last.text ?? "") + String(c.text);
      else outputs.push({ output_type: "stream", name: String(c.name), text: String(c.text) });
      return;
    }
    if (type === "error") {
      outputs.push({ output_type: "error", ename: String(c.ename), evalue: String(c.evalue), traceback: (c.traceback as string[]) ?? [] });
      return;
    }
    const out: Output = { output_type: type as Output["output_type"], data: c.data as Record<string, unknown>, metadata: (c.metadata as Record<string, unknown>) ?? {} };
    if (type === "execute_result") out.execution_count = c.execution_count as number;
    outputs.push(out);
    const id = (c.transient as { display_id?: string } | undefined)?.display_id;
    if (id) {
      const list = this.byDisplayId.get(id) ?? [];
      list.push(out);
      this.byDisplayId.set(id, list);
    }
  }
}

/** Stored stream text as nbformat writes it: a list of lines. */
export function toLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}
