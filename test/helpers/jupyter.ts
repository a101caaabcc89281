import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cliPath } from "./kernel.js";

/** Debian's Jupyter: its Python packages live under /usr/bin/python3, not a pyenv python3. */
export const python = "/usr/bin/python3";
export const jupyter = "/usr/bin/jupyter";

export interface TempKernelspec {
  prefix: string;
  /** Environment in which Jupyter finds only this spec's data dir first, and nothing of the user's. */
  env: NodeJS.ProcessEnv;
  dispose(): void;
}

/** Installs our kernelspec into a temporary prefix with the real CLI, as a user would. */
export function installTempKernelspec(): TempKernelspec {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-keras-prefix-"));
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-keras-runtime-"));
  execFileSync(process.execPath, [cliPath, "install", "--prefix", prefix], { encoding: "utf8" });
  const env = { ...process.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter"), JUPYTER_RUNTIME_DIR: runtime, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
  return {
    prefix,
    env,
    dispose() {
      fs.rmSync(prefix, { recursive: true, force: true });
      fs.rmSync(runtime, { recursive: true, force: true });
    },
  };
}
