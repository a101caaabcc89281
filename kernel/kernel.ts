import * as path from "node:path";
import { CellContext, cellContext, KeyboardInterrupt } from "./cell_context.js";
import { CellRunner, describeError, type Outcome } from "./cell_runner.js";
import { History, type HistoryRequest } from "./history.js";
import { Iopub } from "./iopub.js";
import { packageVersion, ourVersion } from "./versions.js";
import { installFitInterrupt } from "./fit_interrupt.js";
import { PROTOCOL_VERSION, type Header, type Message } from "./wire.js";
import { formatValue } from "../lib/display/formatters.js";
import { outputAreaCleared, setDisplaySink } from "../lib/display/display.js";

/**
 * The kernel's behaviour, independent of sockets: one method per request type. server.ts feeds
 * it decoded messages in order and sends what it returns.
 */

/** The names every notebook has without an import (kernel issue, item 3). */
export const PRELUDE_NAMES = [
  "tf",
  "keras",
  "dfd",
  "display",
  "registerFormatter",
  "readCsv",
  "readHdf",
  "hdfKeys",
  "pandasInputFn",
  "Experiment",
  "backend",
  "plot",
  "serve",
] as const;

type Content = Record<string, unknown>;
export type Reply = { content: Content; metadata?: Content };

interface PreludeResult {
  /** Shown once, in the first cell's output. */
  banner: string;
  /** What failed while loading the prelude, shown in the first cell too. */
  problems: string[];
}

export class Kernel {
  private executionCount = 0;
  private readonly runner = new CellRunner();
  private readonly history = new History();
  private prelude?: Promise<PreludeResult>;
  private preludeShown = false;
  /** The cell running now; output with no async context of its own goes here, else to the last cell. */
  private current?: CellContext;
  private last?: CellContext;
  private readonly origStdout = process.stdout.write.bind(process.stdout);
  private readonly origStderr = process.stderr.write.bind(process.stderr);

  constructor(private readonly iopub: Iopub) {
    this.captureStreams();
    this.installDisplaySink();
    this.installCrashGuards();
  }

  /** Log lines of the kernel itself go to its own stderr (Jupyter's console), never to a cell. */
  log(text: string): void {
    this.origStderr(`[tslab-keras] ${text}\n`);
  }

  private route(): CellContext | undefined {
    return cellContext.getStore() ?? this.current ?? this.last;
  }

  private captureStreams(): void {
    const patch = (name: "stdout" | "stderr", orig: typeof process.stdout.write) =>
      ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
        const ctx = this.route();
        if (!ctx) return orig(chunk as string, encoding as BufferEncoding, cb as () => void);
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
        if (!ctx.silent) this.iopub.stream(ctx.parent, name, text);
        const done = typeof encoding === "function" ? encoding : cb;
        if (typeof done === "function") process.nextTick(done as () => void);
        return true;
      }) as typeof process.stdout.write;
    process.stdout.write = patch("stdout", this.origStdout);
    process.stderr.write = patch("stderr", this.origStderr);
  }

  private installDisplaySink(): void {
    const send = (msgType: string, content: Content) => {
      const ctx = this.route();
      if (!ctx || ctx.silent) return;
      this.iopub.send(msgType, content, ctx.parent);
    };
    const route = () => this.route();
    setDisplaySink({
      rich: true,
      display: (data, metadata, displayId) => send("display_data", { data, metadata, transient: displayId ? { display_id: displayId } : {} }),
      update: (data, metadata, displayId) => send("update_display_data", { data, metadata, transient: { display_id: displayId } }),
      clear: (wait: boolean) => {
        send("clear_output", { wait });
        const ctx = route();
        if (ctx && !ctx.silent) outputAreaCleared(ctx.outputArea);
      },
      get outputArea() {
        return route()?.outputArea;
      },
    });
  }

  private readonly crashGuards = new Map<string, (...args: unknown[]) => void>();

  /**
   * Emscripten modules (tfjs's wasm backend, h5wasm) install process handlers that rethrow any
   * uncaught exception or unhandled rejection, which would kill the kernel and every variable in
   * it. After anything may have loaded one (the prelude, each cell), only our handlers remain.
   */
  private keepOnlyOurCrashGuards(): void {
    for (const [event, ours] of this.crashGuards) {
      for (const l of process.listeners(event as "uncaughtException")) {
        if (l !== ours) process.removeListener(event as "uncaughtException", l);
      }
    }
  }

  /** A rejected promise or a throw in a timer must not kill the kernel and everything in it. */
  private installCrashGuards(): void {
    const report = (kind: string, err: unknown) => {
      const e = describeError(err);
      const ctx = this.route();
      if (ctx && !ctx.silent) this.iopub.stream(ctx.parent, "stderr", `${kind}: ${e.traceback.join("\n")}\n`);
      else this.log(`${kind}: ${e.traceback.join("\n")}`);
    };
    const onException = (err: unknown) => report("Uncaught exception", err);
    const onRejection = (reason: unknown) => {
      if (reason instanceof KeyboardInterrupt) return;
      report("Unhandled promise rejection", reason);
    };
    this.crashGuards.set("uncaughtException", onException as (...args: unknown[]) => void);
    this.crashGuards.set("unhandledRejection", onRejection as (...args: unknown[]) => void);
    process.on("uncaughtException", onException);
    process.on("unhandledRejection", onRejection);
  }

  kernelInfo(): Content {
    const tsVersion = packageVersion("@tslab/typescript-for-tslab");
    return {
      status: "ok",
      protocol_version: PROTOCOL_VERSION,
      implementation: "tslab-keras",
      implementation_version: ourVersion(),
      language_info: {
        name: "typescript",
        version: tsVersion,
        mimetype: "text/typescript",
        file_extension: ".ts",
        codemirror_mode: { name: "javascript", typescript: true },
        pygments_lexer: "typescript",
        nbconvert_exporter: "script",
      },
      banner:
        `tslab-keras ${ourVersion()}: TypeScript ${tsVersion} on Node ${process.versions.node} ` +
        `(tslab ${packageVersion("tslab")}, TensorFlow.js ${packageVersion("@tensorflow/tfjs")}, danfojs ${packageVersion("danfojs-node")})`,
      help_links: [
        { text: "TensorFlow.js API", url: "https://js.tensorflow.org/api/latest/" },
        { text: "Keras API", url: "https://keras.io/api/" },
        { text: "danfo.js", url: "https://danfo.jsdata.org/" },
      ],
    };
  }

  /**
   * Loads TypeScript, the library and the backend, and declares the prelude names in the cell
   * scope. Seconds of work: started after kernel_info is answered, awaited by the first cell.
   */
  startPrelude(): Promise<PreludeResult> {
    return (this.prelude ??= this.loadPrelude());
  }

  private async loadPrelude(): Promise<PreludeResult> {
    const problems: string[] = [];
    await new Promise((r) => setImmediate(r));
    this.runner.warm();
    const libIndex = path.resolve(__dirname, "..", "lib", "index.js");
    let lib: Record<string, unknown> = {};
    try {
      lib = require(libIndex);
    } catch (e) {
      problems.push(`loading ${libIndex} failed: ${describeError(e).traceback.join("\n")}`);
    }
    const names = PRELUDE_NAMES.filter((n) => n in lib);
    const missing = PRELUDE_NAMES.filter((n) => !(n in lib));
    if (missing.length > 0) problems.push(`not available in this build: ${missing.join(", ")}`);
    if (names.length > 0) {
      // An absolute specifier resolves from any notebook folder, for the type checker and for require.
      const spec = libIndex.replace(/\.js$/, "");
      const outcome = await this.runner.run(`import { ${names.join(", ")} } from ${JSON.stringify(spec)};`);
      if (outcome.status === "error") problems.push(`prelude failed: ${outcome.ename}: ${outcome.evalue}`);
    }
    const tf = lib.tf as typeof import("@tensorflow/tfjs") | undefined;
    if (tf) installFitInterrupt(tf);
    // h5wasm is ESM-only and loads asynchronously; Keras's model functions are synchronous, so
    // the kernel loads it once here and cells can pass `.h5` weight files right away.
    const apps = (lib.keras as { applications?: { loadH5wasm?: () => Promise<void> } } | undefined)?.applications;
    if (typeof apps?.loadH5wasm === "function") {
      try {
        await apps.loadH5wasm();
      } catch (e) {
        problems.push(`loading h5wasm failed: ${describeError(e).evalue}`);
      }
    }
    const install = lib.installNotebookDisplay as (() => void) | undefined;
    if (typeof install === "function") {
      try {
        install();
      } catch (e) {
        problems.push(`installing notebook display failed: ${describeError(e).evalue}`);
      }
    }
    let banner = "";
    const backend = lib.backend as { ready(): Promise<unknown>; describe(): string } | undefined;
    if (backend && typeof backend.ready === "function") {
      try {
        await backend.ready();
        banner = backend.describe();
      } catch (e) {
        problems.push(`backend: ${describeError(e).evalue}`);
      }
    } else if (tf) {
      await tf.ready();
      banner = `backend: ${tf.getBackend()}`;
    }
    this.keepOnlyOurCrashGuards();
    return { banner, problems };
  }

  async execute(msg: Message): Promise<Reply> {
    const c = msg.content as {
      code?: unknown;
      silent?: boolean;
      store_history?: boolean;
      user_expressions?: Record<string, string>;
    };
    if (typeof c.code !== "string") {
      return { content: { status: "error", ename: "BadRequest", evalue: "execute_request: `code` must be a string", traceback: [], execution_count: this.executionCount } };
    }
    const code = c.code;
    const silent = c.silent === true;
    const storeHistory = !silent && c.store_history !== false;
    const count = storeHistory ? ++this.executionCount : this.executionCount;
    if (!silent) this.iopub.send("execute_input", { code, execution_count: count }, msg.header);
    if (storeHistory) this.history.add(count, code);

    // JupyterLab, Notebook 7 and our runner name the cell; re-running it wipes its old outputs.
    const cellId = typeof msg.metadata?.cellId === "string" && msg.metadata.cellId !== "" ? msg.metadata.cellId : undefined;
    if (cellId !== undefined && !silent) outputAreaCleared(cellId);
    const ctx = new CellContext(msg.header, count, silent, cellId);
    this.current = ctx;
    try {
      const prelude = await cellContext.run(ctx, () => this.startPrelude());
      if (!this.preludeShown && !silent) {
        this.preludeShown = true;
        const lines = [prelude.banner, ...prelude.problems.map((p) => `tslab-keras: ${p}`)].filter(Boolean);
        if (lines.length > 0) this.iopub.stream(msg.header, prelude.problems.length ? "stderr" : "stdout", lines.join("\n") + "\n");
      }
      const outcome = await cellContext.run(ctx, () => this.runCell(code, String(count)));
      this.keepOnlyOurCrashGuards();
      // A fit told to stop finishes its batch first; the cell is done only then.
      if (ctx.pending.size > 0) await Promise.allSettled([...ctx.pending]);
      const userExpressions = outcome.status === "ok" && c.user_expressions ? await this.userExpressions(ctx, c.user_expressions) : {};
      if (outcome.status === "error") {
        if (!silent) this.iopub.send("error", { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback }, msg.header);
        return { content: { status: "error", ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback, execution_count: count } };
      }
      const payload: Content[] = [];
      if ("page" in outcome) payload.push({ source: "page", data: { "text/plain": outcome.page }, start: 0 });
      else if (outcome.hasValue && !silent) {
        const { data, metadata } = formatValue(outcome.value);
        this.iopub.send("execute_result", { execution_count: count, data, metadata }, msg.header);
        if (storeHistory && typeof data["text/plain"] === "string") this.history.setOutput(count, data["text/plain"]);
      }
      return { content: { status: "ok", execution_count: count, payload, user_expressions: userExpressions } };
    } finally {
      this.iopub.flush();
      this.last = ctx;
      if (this.current === ctx) this.current = undefined;
    }
  }

  /** `name?` / `?name` asks for the docs of `name`, as in IPython; answered as a pager payload. */
  private async runCell(code: string, label: string): Promise<Outcome | { status: "ok"; page: string }> {
    const m = /^\s*(\?{1,2})?\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*(\?{1,2})?\s*$/.exec(code);
    if (m && (m[1] || m[3])) {
      const name = m[2];
      const text = this.runner.inspect(name, name.length);
      if (!text) return { status: "error", ename: "NameError", evalue: `no documentation found for ${name}`, traceback: [`NameError: no documentation found for ${name}`] };
      return { status: "ok", page: text };
    }
    return this.runner.run(code, label);
  }

  private async userExpressions(ctx: CellContext, exprs: Record<string, string>): Promise<Content> {
    const out: Content = {};
    for (const [key, expr] of Object.entries(exprs)) {
      const r = await cellContext.run(ctx, () => this.runner.run(`(${expr})`));
      if (r.status === "error") out[key] = { status: "error", ename: r.ename, evalue: r.evalue, traceback: r.traceback };
      else out[key] = { status: "ok", ...formatValue(r.hasValue ? r.value : undefined) };
    }
    return out;
  }

  /** Interrupt the running cell (signal or interrupt_request). */
  interrupt(): void {
    const ctx = this.current;
    if (ctx) ctx.interrupt();
    this.runner.interrupt();
  }

  complete(content: Content): Content {
    const code = String(content.code ?? "");
    const pos = typeof content.cursor_pos === "number" ? content.cursor_pos : [...code].length;
    try {
      const r = this.runner.complete(code, pos);
      return { status: "ok", matches: r.matches, cursor_start: r.cursor_start, cursor_end: r.cursor_end, metadata: {} };
    } catch (e) {
      const d = describeError(e);
      return { status: "error", ename: d.ename, evalue: d.evalue, traceback: d.traceback };
    }
  }

  inspect(content: Content): Content {
    const code = String(content.code ?? "");
    const pos = typeof content.cursor_pos === "number" ? content.cursor_pos : [...code].length;
    try {
      const text = this.runner.inspect(code, pos);
      return text ? { status: "ok", found: true, data: { "text/plain": text }, metadata: {} } : { status: "ok", found: false, data: {}, metadata: {} };
    } catch (e) {
      const d = describeError(e);
      return { status: "error", ename: d.ename, evalue: d.evalue, traceback: d.traceback };
    }
  }

  isComplete(content: Content): Content {
    try {
      return this.runner.isComplete(String(content.code ?? ""));
    } catch {
      return { status: "unknown" };
    }
  }

  historyReply(content: Content): Content {
    try {
      return { status: "ok", history: this.history.query(content as unknown as HistoryRequest) };
    } catch (e) {
      const d = describeError(e);
      return { status: "error", ename: d.ename, evalue: d.evalue, traceback: d.traceback };
    }
  }

  commInfo(): Content {
    return { status: "ok", comms: {} };
  }

  close(): void {
    this.runner.close();
    setDisplaySink(null);
  }
}
