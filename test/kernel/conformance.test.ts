import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { bareFolder } from "../helpers/kernel.js";
import { installTempKernelspec, python, type TempKernelspec } from "../helpers/jupyter.js";
import { repoRoot } from "../helpers/paths.js";

let spec: TempKernelspec;
before(() => {
  spec = installTempKernelspec();
});
after(() => spec?.dispose());

test("jupyter_kernel_test's conformance suite passes through Debian's jupyter_client, with no check skipped", () => {
  const script = path.join(repoRoot, "test", "kernel", "python", "test_conformance.py");
  // From a folder with no node_modules: the kernelspec's absolute argv must start it anywhere.
  const r = spawnSync(python, [script], { cwd: bareFolder(), env: spec.env, encoding: "utf8", timeout: 240_000 });
  const out = r.stdout;
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(out, /^OK$/m, out);
  assert.doesNotMatch(out, /skipped/, `every check has a sample:\n${out}`);
  const checks = ["clear_output", "completion", "display_data", "error", "execute_result", "execute_stderr", "execute_stdout", "history", "inspect", "is_complete", "kernel_info", "pager"];
  for (const c of checks) assert.match(out, new RegExp(`^test_${c} \\(.*\\) \\.\\.\\. ok$`, "m"), `test_${c} ran and passed`);
});
