import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../helpers/paths.js";

// .ci/check_python_modules.py is what keeps .ci/run installing every Debian Python package the
// suite imports (python3-torch was missing on fresh machines). These cases pin its scanner to the
// real imports of this repository and show that an unlisted import fails.
const script = path.join(repoRoot, ".ci", "check_python_modules.py");
const python = "/usr/bin/python3";

function listed(): Set<string> {
  const rows = fs.readFileSync(path.join(repoRoot, ".ci", "python-packages.tsv"), "utf8").split("\n");
  return new Set(rows.map((r) => r.replace(/#.*/, "").trim()).filter(Boolean).map((r) => r.split(/\s+/)[0]));
}

test("the scanner finds the suite's Python imports, inline scripts included, and each is listed for .ci/run", () => {
  const r = spawnSync(python, [script, "--list"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const found = new Map(r.stdout.trim().split("\n").map((l) => l.split("\t") as [string, string]));
  // torch only in scripts embedded in TypeScript tests (which one the scan names first follows
  // the folder walk's order); nbformat only in a `-c` string.
  assert.match(found.get("torch") ?? "", /^test\/lib\/keras\/(layers\/gru_cell|losses\/(ctc|circle))\.test\.ts$/);
  assert.ok(found.has("nbformat") && found.has("h5py") && found.has("pandas"), [...found.keys()].join(","));
  for (const stdlib of ["json", "sys", "os", "math", "unittest"]) assert.ok(!found.has(stdlib), stdlib);
  const known = listed();
  for (const module of found.keys()) assert.ok(known.has(module), `${module} is imported by ${found.get(module)} but not in .ci/python-packages.tsv`);
});

test("a test importing a module the list lacks fails the check, naming the module and the file", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pymods-"));
  try {
    fs.mkdirSync(path.join(root, ".ci"));
    fs.mkdirSync(path.join(root, "test"));
    fs.copyFileSync(script, path.join(root, ".ci", "check_python_modules.py"));
    fs.writeFileSync(path.join(root, ".ci", "python-packages.tsv"), "# none\n");
    fs.writeFileSync(path.join(root, "test", "ref.test.ts"), 'import * as fs from "node:fs";\nconst py = `\nimport json, sklearn.datasets as d\n`;\n');
    const r = spawnSync(python, [path.join(root, ".ci", "check_python_modules.py")], { encoding: "utf8" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /test\/ref\.test\.ts imports 'sklearn', which \.ci\/python-packages\.tsv does not list/);
    assert.doesNotMatch(r.stderr, /'json'|'fs'/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
