import { inspect as utilInspect } from "node:util";
import type { Executor, ConverterSet } from "tslab/dist/executor";
import type { Converter } from "tslab/dist/converter";
import { awaitGuardInsertions, guardAwaits, installGuardGlobal } from "./await_guard.js";
import { shorthandInsertions } from "./shorthand_fix.js";
import { applyInsertions } from "./text_edits.js";
import { loadMappedConverter } from "./tslab_converter.js";
import { mapCellFrames, registerCellScript, WRAPPER_HEAD } from "./cell_scripts.js";
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

/** tslab's converters as the executor sees them, told how each cell's run ended. */
interface CellConverters extends ConverterSet {
  ran(outcome: "ok" | "compile-error" | "runtime-error"): void;
}

export class CellRunner {
  private executor?: Executor;
  private convs?: CellConverters;
  private ts?: TS;
  private capture: Capture | null = null;
  /** How tracebacks name the cell being converted (its execution count). */
  private label = "";

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
    const { createExecutor } = require("tslab/dist/executor") as typeof import("tslab/dist/executor");
    const convs = guardedConverterSet(ts, () => this.label);
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
    this.convs = convs;
    this.ts = ts;
    return { executor: this.executor, ts };
  }

  /** Runs a cell; `label` is how its tracebacks name it (`<cell 3>` for execution count 3). */
  async run(code: string, label = "?"): Promise<Outcome> {
    const { executor } = this.get();
    const capture: Capture = { values: [], diagnostics: [], errors: [] };
    this.capture = capture;
    this.label = label;
    let ok: boolean;
    try {
      ok = await executor.execute(code);
    } catch (e) {
      ok = false;
      capture.errors.push(e);
    } finally {
      this.capture = null;
    }
    this.convs?.ran(capture.diagnostics.length > 0 ? "compile-error" : !ok || capture.errors.length > 0 ? "runtime-error" : "ok");
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

/**
 * tslab's converters, each compiled cell finished by our rewrites (shorthand fix, await guards)
 * and registered with its source maps so tracebacks can name the cell's lines (cell_scripts.ts).
 *
 * A cell that throws keeps the names it defined, as in IPython: tslab's executor keeps the values
 * (they are already on its `exports`) but not their declarations, so until a cell runs without
 * error we hand the converters the failed cell's declarations in place of the executor's.
 */
function guardedConverterSet(ts: TS, label: () => string): CellConverters {
  const mapped = loadMappedConverter(ts);
  let node: Converter | undefined;
  let browser: Converter | undefined;
  /** Declarations of the last cell converted without diagnostics. */
  let lastDecl: string | undefined;
  /** Declarations to use instead of the executor's, after a cell that threw. */
  let carried: string | undefined;
  const guard = (conv: Converter): Converter => ({
    convert(executorDecl, src) {
      const prevDecl = carried ?? executorDecl;
      const r = conv.convert(prevDecl, src);
      lastDecl = r.diagnostics.length > 0 ? undefined : (r.declOutput ?? prevDecl);
      const maps = mapped.takeCellMaps();
      if (r.output) {
        const cjs = r.output;
        const shorthands = shorthandInsertions(ts, cjs, prevDecl);
        const fixed = applyInsertions(cjs, shorthands);
        const guards = awaitGuardInsertions(ts, fixed);
        r.output = applyInsertions(fixed, guards);
        if (maps) {
          const wrapperHead = r.hasToplevelAwait ? WRAPPER_HEAD.async : WRAPPER_HEAD.sync;
          r.output += registerCellScript({ label: label(), source: src, wrapperHead, maps, edits: [shorthands, guards], texts: [cjs, fixed, r.output] });
        }
      }
      if (r.sideOutputs) for (const s of r.sideOutputs) s.data = guardAwaits(ts, s.data);
      return r;
    },
    inspect: (p, s, pos) => conv.inspect(carried ?? p, s, pos),
    complete: (p, s, pos) => conv.complete(carried ?? p, s, pos),
    addModule: (name, content, meta) => conv.addModule(name, content, meta),
    close: () => conv.close(),
  });
  return {
    get node() {
      return (node ??= guard(mapped.createConverter({ isJS: false, isBrowser: false })));
    },
    get browser() {
      return (browser ??= guard(mapped.createConverter({ isJS: false, isBrowser: true })));
    },
    close() {
      node?.close();
      browser?.close();
    },
    ran(outcome) {
      // After a clean run the executor's declarations include the carried ones.
      if (outcome === "ok") carried = undefined;
      else if (outcome === "runtime-error" && lastDecl !== undefined) carried = lastDecl;
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
    const frames = mapCellFrames(
      String(e.stack ?? "")
        .split("\n")
        .filter((l) => /^\s+at /.test(l))
        .filter((l) => !isKernelFrame(l))
        .map((l) => l.replace(/evalmachine\.<anonymous>/g, "<cell>")),
    );
    return { status: "error", ename, evalue, traceback: [`${ename}: ${evalue}`, ...frames] };
  }
  const text = utilInspect(err, { depth: 2 });
  return { status: "error", ename: "Uncaught", evalue: text, traceback: [`Uncaught ${text}`] };
}
