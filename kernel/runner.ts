import * as path from "node:path";
import { KernelClient } from "./client.js";
import { joinSource, OutputCollector, readNotebook, toLines, upgradeTo45, writeFileAtomic, type Notebook, type Output } from "./notebook.js";
import { notebookToHtml } from "./notebook_html.js";
import { kernelArgv } from "./kernelspec.js";
import type { Message } from "./wire.js";

/**
 * `tslab-keras run`: executes notebooks through a real kernel process over the Jupyter wire
 * protocol (our client, no Python), writes the executed notebook and an offline HTML page, and
 * fails naming the cell and its error.
 */

export interface RunOptions {
  outDir: string;
  to: "ipynb" | "html";
  allowErrors: boolean;
  /** Per-cell limit in seconds; the cell is interrupted when it passes. */
  timeout: number;
  /** Kernel command line; default: this package's kernel on this Node. */
  kernelArgv?: string[];
}

export interface RunResult {
  notebook: Notebook;
  ipynbPath: string;
  htmlPath?: string;
  /** The first failing cell, when the run stopped on (or allowed) an error. */
  failures: { cell: number; ename: string; evalue: string }[];
}

/** How long the kernel may take to load before the first cell (TypeScript, tfjs, the backend). */
const STARTUP_LIMIT_MS = 120_000;

export async function runNotebook(file: string, options: RunOptions): Promise<RunResult> {
  const nb = readNotebook(file);
  upgradeTo45(nb);
  const name = path.basename(file, ".ipynb");
  const client = await KernelClient.launch({ argv: options.kernelArgv ?? kernelArgv(), cwd: path.dirname(path.resolve(file)) });
  const collector = new OutputCollector();
  const outputsByRequest = new Map<string, Output[]>();
  client.onIopub = (msg: Message) => {
    const parent = (msg.parent_header as { msg_id?: string }).msg_id;
    const outputs = parent ? outputsByRequest.get(parent) : undefined;
    if (outputs) collector.handle(outputs, msg);
  };
  const failures: RunResult["failures"] = [];
  try {
    // The kernel loads TypeScript, the library and the backend before its first cell: seconds
    // (more on a loaded machine). A silent warm-up request takes that time, so `--timeout` limits
    // each cell's own run, as it would in a kernel already open in JupyterLab.
    const warmUp = client.submit("execute_request", { code: "", silent: true, store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: false });
    if ((await withTimeout(warmUp.exchange, Math.max(STARTUP_LIMIT_MS, options.timeout * 1000))) === "timeout") {
      throw new Error(`the kernel did not get ready within ${Math.max(STARTUP_LIMIT_MS / 1000, options.timeout)} s`);
    }
    for (const [index, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const code = joinSource(cell.source);
      const outputs: Output[] = [];
      cell.outputs = outputs;
      cell.execution_count = null;
      if (code.trim() === "") continue;
      // Like JupyterLab, name the cell, so output kept once per notebook (plotly.js) follows re-runs.
      const metadata = typeof cell.id === "string" ? { cellId: cell.id } : {};
      const { id, exchange } = client.submit("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }, metadata);
      outputsByRequest.set(id, outputs);
      const result = await withTimeout(exchange, options.timeout * 1000);
      if (result === "timeout") {
        client.interruptBySignal();
        const after = await withTimeout(exchange, 10_000);
        const evalue = `cell ${index + 1} did not finish within ${options.timeout} s and was interrupted`;
        outputs.push({ output_type: "error", ename: "CellTimeoutError", evalue, traceback: [`CellTimeoutError: ${evalue}`] });
        failures.push({ cell: index + 1, ename: "CellTimeoutError", evalue });
        if (after === "timeout") break;
        if (!options.allowErrors) break;
        continue;
      }
      const reply = result.reply.content as { status: string; execution_count?: number; ename?: string; evalue?: string };
      cell.execution_count = reply.execution_count ?? null;
      if (reply.status === "error") {
        const tags = (cell.metadata?.tags as string[] | undefined) ?? [];
        if (tags.includes("raises-exception")) continue;
        failures.push({ cell: index + 1, ename: reply.ename ?? "Error", evalue: reply.evalue ?? "" });
        if (!options.allowErrors) break;
      }
    }
  } catch (e) {
    failures.push({ cell: -1, ename: "DeadKernelError", evalue: (e as Error).message });
  } finally {
    await client.shutdown();
  }
  for (const c of nb.cells) {
    for (const o of c.outputs ?? []) if (o.output_type === "stream") o.text = toLines(joinSource(o.text ?? ""));
  }
  nb.metadata.kernelspec ??= { name: "tslab-keras", display_name: "TypeScript (Keras)", language: "typescript" };
  const ipynbPath = path.join(options.outDir, `${name}.ipynb`);
  writeFileAtomic(ipynbPath, JSON.stringify(nb, null, 1) + "\n");
  let htmlPath: string | undefined;
  if (options.to === "html") {
    htmlPath = path.join(options.outDir, `${name}.html`);
    writeFileAtomic(htmlPath, notebookToHtml(nb, name));
  }
  return { notebook: nb, ipynbPath, htmlPath, failures };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | "timeout"> {
  if (!(ms > 0) || !Number.isFinite(ms)) return p;
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), ms)))]).finally(() => clearTimeout(timer));
}

export async function runCommand(args: string[]): Promise<number> {
  const files: string[] = [];
  const options: RunOptions = { outDir: "out", to: "ipynb", allowErrors: false, timeout: 600 };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].includes("=") && args[i].startsWith("--") ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`run: ${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--out":
        options.outDir = value();
        break;
      case "--to": {
        const v = value();
        if (v !== "ipynb" && v !== "html") throw new Error(`run: --to must be ipynb or html, got ${JSON.stringify(v)}`);
        options.to = v;
        break;
      }
      case "--allow-errors":
        options.allowErrors = true;
        break;
      case "--timeout": {
        const v = Number(value());
        if (!(v > 0)) throw new Error("run: --timeout must be a positive number of seconds");
        options.timeout = v;
        break;
      }
      default:
        if (flag.startsWith("-")) throw new Error(`run: unknown option ${JSON.stringify(flag)}`);
        files.push(flag);
    }
  }
  if (files.length === 0) throw new Error("run: name at least one notebook (.ipynb)");
  let failed = 0;
  for (const file of files) {
    const t0 = Date.now();
    const r = await runNotebook(file, options);
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    const written = [r.ipynbPath, r.htmlPath].filter(Boolean).join(", ");
    const fatal = r.failures.filter((f) => !options.allowErrors || f.ename === "DeadKernelError" || f.ename === "CellTimeoutError");
    for (const f of r.failures.filter((x) => !fatal.includes(x))) console.error(`${file}: cell ${f.cell} raised ${f.ename}: ${f.evalue} (allowed)`);
    if (fatal.length === 0) console.log(`${file}: ok in ${secs} s -> ${written}`);
    else {
      failed++;
      for (const f of fatal) console.error(`${file}: ${f.cell > 0 ? `cell ${f.cell}` : "kernel"} failed: ${f.ename}: ${f.evalue}`);
      console.error(`${file}: written with its outputs so far -> ${written}`);
    }
  }
  return failed === 0 ? 0 : 1;
}
