import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KernelClient, type Exchange } from "../../kernel/client.js";
import type { Message } from "../../kernel/wire.js";
import { kernelArgv } from "../../kernel/kernelspec.js";

/** The CLI of the same build as this test (dist/ or a dist-NAME folder). */
export const cliPath = path.resolve(__dirname, "..", "..", "kernel", "cli.js");

export function ourKernelArgv(): string[] {
  return kernelArgv();
}

/** A folder with no node_modules anywhere above it, as a notebook in /tmp would be. */
export function bareFolder(prefix = "tslab-keras-nb-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startKernel(argv = ourKernelArgv(), cwd = bareFolder()): Promise<KernelClient> {
  const logs: string[] = [];
  const client = await KernelClient.launch({ argv, cwd, onLog: (t) => logs.push(t) });
  return client;
}

export function outputsOf(ex: Exchange, type: string): Message[] {
  return ex.iopub.filter((m) => m.header.msg_type === type);
}

export function streamText(ex: Exchange, name = "stdout"): string {
  return outputsOf(ex, "stream")
    .filter((m) => m.content.name === name)
    .map((m) => String(m.content.text))
    .join("");
}

export function resultText(ex: Exchange): string | undefined {
  const r = outputsOf(ex, "execute_result")[0];
  return r ? String((r.content.data as Record<string, unknown>)["text/plain"]) : undefined;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
