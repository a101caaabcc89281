import { inspect as utilInspect } from "node:util";
import type { Executor, ConverterSet } from "tslab/dist/executor";
import type { Converter } from "tslab/dist/converter";
import { guardAwaits, installGuardGlobal } from "./await_guard.js";
import { fixShorthands } from "./shorthand_fix.js";
import { installTypeFallback } from "./anywhere.js";
import { cellContext } from "./cell_context.js";
import { codePointsToUtf16, utf16ToCodePoints } from "./positions.js";

/**
 * Runs cells on tslab's own converter and executor (not a fork): we hand the executor a console
 * that captures what it reports — the last expression's value and the errors — instead of
 * printing them, and a converter that guards the compiled cell's awaits (see await_guard.ts).
 */

export type Outcome =
  | { status: "ok"; hasValue: boolean; value?: unknown }
  | { status: "error"; ename: string; evalue: string; traceback: string[] };

type TS = typeof import("@tslab/typescript-for-tslab");

interface Capture {
  values: unknown[];
  diagnostics: string[];
  errors: unknown[];
}

const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

export class CellRunner {
  private executor?: Executor;
  private ts?: TS;
  private capture: Capture | null = null;

  /** Loads TypeScript and tslab's converter (about a second): call it off the critical path. */
  warm(): void {
    this.get();
  }

  private get(): { executor: Executor; ts: TS } {
    if (this.executor && this.ts) return { executor: this.executor, ts: this.ts };
    // Loaded lazily: these take most of a second, and kernel_info must be answered before that.
    const ts: TS = require("@tslab/typescript-for-tslab");
    installTypeFallback(ts);
    installGuardGlobal();
    const { createConverter } = require("tslab/dist/converter") as typeof import("tslab/dist/converter");
    const { createExecutor } = require("tslab/dist/executor") as typeof import("tslab/dist/executor");
    const convs = guardedConverterSet(ts, createConverter);
    const captureConsole = {
      log: (value: unknown) => this.capture?.values.push(value),
      error: (first?: unknown, ...rest: unknown[]) => {
        if (!this.capture) return;
        if (first === DIAGNOSTIC_FORMAT) {
          const [file, line, col, message] = rest as [string, number, number, string];
          this.capture.diagnostics.push(`${file ? file : ""}${line}:${col} - ${message}`);
        } else {
          this.capture.errors.push(first);
        }
      },
    };
    this.executor = createExecutor(process.cwd(), convs, captureConsole);
    this.ts = ts;
    return { executor: this.executor, ts };
  }

  async run(code: string): Promise<Outcome> {
    const { executor } = this.get();
    const capture: Capture = { values: [], diagnostics: [], errors: [] };
    this.capture = capture;
    let ok: boolean;
    try {
      ok = await executor.execute(code);
    } catch (e) {
      ok = false;
      capture.errors.push(e);
    } finally {
      this.capture = null;
    }
    if (capture.diagnostics.length > 0) {
      const n = capture.diagnostics.length;
      return {
        status: "error",
        ename: "CompileError",
        evalue: n === 1 ? capture.diagnostics[0] : `${capture.diagnostics[0]} (and ${n - 1} more)`,
        traceback: capture.diagnostics,
      };
    }
    if (!ok || capture.errors.length > 0) return describeError(capture.errors[0]);
    if (capture.values.length > 0) return { status: "ok", hasValue: true, value: capture.values[capture.values.length - 1] };
    return { status: "ok", hasValue: false };
  }

  /** Stops the running cell: its sync part by SIGINT (vm breakOnSigint), its awaits here. */
  interrupt(): void {
    cellContext.getStore()?.interrupt();
    this.executor?.interrupt();
  }

  complete(code: string, cursorPos: number): { matches: string[]; cursor_start: number; cursor_end: number } {
    const { executor } = this.get();
    const info = executor.complete(code, codePointsToUtf16(code, cursorPos));
    return {
      matches: info.candidates,
      cursor_start: utf16ToCodePoints(code, info.start),
      cursor_end: utf16ToCodePoints(code, info.end),
    };
  }

  inspect(code: string, cursorPos: number): string | undefined {
    const { executor } = this.get();
    const info = executor.inspect(code, codePointsToUtf16(code, cursorPos));
    if (!info) return undefined;
    const { printQuickInfo } = require("tslab/dist/inspect") as { printQuickInfo(i: unknown): string };
    return printQuickInfo(info);
  }

  isComplete(code: string): { status: "complete" | "incomplete" | "invalid"; indent?: string } {
    const { ts } = this.get();
    const { isCompleteCode } = require("tslab/dist/converter") as typeof import("tslab/dist/converter");
    const r = isCompleteCode(code);
    if (!r.completed) return { status: "incomplete", indent: r.indent ?? "" };
    const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS) as unknown as { parseDiagnostics?: unknown[] };
    return sf.parseDiagnostics && sf.parseDiagnostics.length > 0 ? { status: "invalid" } : { status: "complete" };
  }

  close(): void {
    this.executor?.close();
  }
}

function guardedConverterSet(ts: TS, createConverter: typeof import("tslab/dist/converter").createConverter): ConverterSet {
  let node: Converter | undefined;
  let browser: Converter | undefined;
  const guard = (conv: Converter): Converter => ({
    convert(prevDecl, src) {
      const r = conv.convert(prevDecl, src);
      if (r.output) r.output = guardAwaits(ts, fixShorthands(ts, r.output, prevDecl));
      if (r.sideOutputs) for (const s of r.sideOutputs) s.data = guardAwaits(ts, s.data);
      return r;
    },
    inspect: (p, s, pos) => conv.inspect(p, s, pos),
    complete: (p, s, pos) => conv.complete(p, s, pos),
    addModule: (name, content, meta) => conv.addModule(name, content, meta),
    close: () => conv.close(),
  });
  return {
    get node() {
      return (node ??= guard(createConverter({ isJS: false, isBrowser: false })));
    },
    get browser() {
      return (browser ??= guard(createConverter({ isJS: false, isBrowser: true })));
    },
    close() {
      node?.close();
      browser?.close();
    },
  };
}

const INTERRUPT_MESSAGES = ["Interrupted asynchronously", "Script execution was interrupted by `SIGINT`"];

/** Frames of the kernel itself (and of tslab/Node plumbing) are noise in a user's traceback. */
function isKernelFrame(line: string): boolean {
  return (
    line.includes("/node_modules/tslab/") ||
    line.includes(`${__dirname}/`) ||
    line.includes("(node:internal/") ||
    line.includes(" node:internal/") ||
    line.includes("(node:vm:") ||
    line.includes("(node:async_hooks:") ||
    line.includes("__tslab_keras__")
  );
}

export function describeError(err: unknown): Outcome & { status: "error" } {
  if (err instanceof Error || (typeof err === "object" && err !== null && "stack" in err && "message" in err)) {
    const e = err as Error & { code?: string };
    const interrupted = e.name === "KeyboardInterrupt" || e.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED" || INTERRUPT_MESSAGES.some((m) => e.message?.startsWith(m));
    const ename = interrupted ? "KeyboardInterrupt" : e.name || e.constructor?.name || "Error";
    const evalue = interrupted && e.name !== "KeyboardInterrupt" ? "the cell was interrupted" : String(e.message ?? "");
    const frames = String(e.stack ?? "")
      .split("\n")
      .filter((l) => /^\s+at /.test(l))
      .filter((l) => !isKernelFrame(l))
      .map((l) => l.replace(/evalmachine\.<anonymous>/g, "<cell>"));
    return { status: "error", ename, evalue, traceback: [`${ename}: ${evalue}`, ...frames] };
  }
  const text = utilInspect(err, { depth: 2 });
  return { status: "error", ename: "Uncaught", evalue: text, traceback: [`Uncaught ${text}`] };
}
