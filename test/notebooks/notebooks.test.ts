import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { cliPath } from "../helpers/kernel.js";
import { installTempKernelspec, jupyter, python, type TempKernelspec } from "../helpers/jupyter.js";
import { artifactsDir, repoRoot } from "../helpers/paths.js";

/**
 * A fixture notebook with every kind of output, executed by three real clients — our runner
 * (`npm start`), Debian's nbclient, and `jupyter nbconvert --execute` — with its outputs checked;
 * then every tutorial in notebooks/. Executed notebooks and HTML are kept in test-artifacts/notebooks/.
 */

const tutorials = fs.existsSync(path.join(repoRoot, "notebooks"))
  ? fs.readdirSync(path.join(repoRoot, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(repoRoot, "notebooks", f))
  : [];
const fixture = path.join(repoRoot, "test", "fixtures", "notebooks", "outputs.ipynb");
const out = path.join(artifactsDir, "notebooks");

let spec: TempKernelspec;
before(() => {
  spec = installTempKernelspec();
});
after(() => spec?.dispose());

/** nbformat may store any multiline string as a list of lines. */
function joined(v: unknown): string {
  return Array.isArray(v) ? v.join("") : String(v);
}

type Out = Record<string, unknown> & { data?: Record<string, unknown> };

/** What a real client must have recorded for the fixture notebook. */
function checkFixture(nb: { cells: { cell_type: string; outputs?: Out[]; execution_count?: number }[] }) {
  const outs = (i: number) => nb.cells[i].outputs ?? [];
  const rich = (i: number) => outs(i).filter((o) => o.output_type !== "stream");
  const c1 = outs(1);
  assert.ok(c1.some((o) => o.name === "stdout" && joined(o.text).includes("to stdout")));
  assert.ok(c1.some((o) => o.name === "stderr" && joined(o.text).includes("to stderr")));
  const [result] = rich(2);
  assert.equal(result.output_type, "execute_result");
  assert.equal(joined(result.data!["text/plain"]), "{ answer: 42 }");
  assert.equal(result.execution_count, nb.cells[2].execution_count);
  const live = rich(3);
  assert.equal(live.length, 1, "one live display");
  assert.equal(joined(live[0].data!["text/html"]), "<p>update 3</p>", "the last update is what was saved");
  const mimes = rich(4).map((o) => Object.keys(o.data!).sort().join(","));
  assert.deepEqual(mimes, ["text/markdown,text/plain", "image/svg+xml,text/plain"]);
  assert.equal(joined(rich(5)[0].data!["text/plain"]), "[ 2, 2 ]");
}

describe("the output fixture through each client", () => {
  test("nbclient records every output kind, with display updates applied", () => {
    const dst = path.join(out, "nbclient", "outputs.ipynb");
    const r = spawnSync(python, [path.join(repoRoot, "test", "notebooks", "run_nbclient.py"), fixture, dst], { env: spec.env, encoding: "utf8", timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    checkFixture(JSON.parse(fs.readFileSync(dst, "utf8")));
  });

  test("nbconvert --execute writes the same outputs and an HTML page", () => {
    const dir = path.join(out, "nbconvert");
    const r = spawnSync(jupyter, ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tslab-keras", "--output-dir", dir, fixture], { env: spec.env, encoding: "utf8", timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    checkFixture(JSON.parse(fs.readFileSync(path.join(dir, "outputs.ipynb"), "utf8")));
  });

  test("our runner records the same outputs", () => {
    const dir = path.join(out, "runner");
    const r = spawnSync(process.execPath, [cliPath, "run", fixture, "--out", dir, "--to", "html"], { encoding: "utf8", timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    checkFixture(JSON.parse(fs.readFileSync(path.join(dir, "outputs.ipynb"), "utf8")));
  });
});

/**
 * A tutorial's promised results (`metadata.tslab_keras.checks`: a regex over the text it printed,
 * whose first group is a number, and the least that number may be), e.g. notebook 03's "test
 * accuracy ≥ 97 %". Checked on the notebook our runner executed.
 */
interface ResultCheck {
  pattern: string;
  atLeast: number;
}

function checkResults(executed: string, checks: ResultCheck[]): void {
  const nb = JSON.parse(fs.readFileSync(executed, "utf8")) as { cells: { outputs?: Out[] }[] };
  const printed = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "stream").map((o) => joined(o.text)).join("");
  for (const check of checks) {
    const m = new RegExp(check.pattern).exec(printed);
    assert.ok(m, `the notebook printed nothing matching /${check.pattern}/`);
    assert.ok(Number(m[1]) >= check.atLeast, `${m[0]}: below the promised ${check.atLeast}`);
  }
}

/** Runs a command without blocking, so two notebooks can execute at once (one per core). */
function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: env ?? process.env });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 900_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, out: out.slice(-4000) });
    });
  });
}

/**
 * Each tutorial runs through our runner (`npm start`'s path) and, unless its metadata marks it as
 * a long training run (`tslab_keras.tests: "runner"`: 03 and 05 train for minutes on a CPU),
 * through `jupyter nbconvert --execute` (Debian's nbclient underneath). Two at a time; 06 serves
 * the model 05 saves, so it waits for 05.
 */
describe("tutorial notebooks", { concurrency: 2 }, () => {
  test("there are tutorials to run", () => assert.ok(tutorials.length > 0));
  const done = new Map<string, Promise<void>>();
  for (const nb of tutorials) {
    const name = path.basename(nb, ".ipynb");
    const meta = JSON.parse(fs.readFileSync(nb, "utf8")).metadata?.tslab_keras ?? {};
    let finish!: () => void;
    done.set(name, new Promise<void>((r) => (finish = r)));
    test(`${name}: runs through our runner${meta.tests === "runner" ? "" : " and jupyter nbconvert --execute"}, into HTML`, async () => {
      try {
        if (name.startsWith("06")) await done.get([...done.keys()].find((k) => k.startsWith("05")) ?? "")?.catch(() => undefined);
        const ours = await run(process.execPath, [cliPath, "run", nb, "--out", path.join(out, "runner"), "--to", "html"]);
        assert.equal(ours.status, 0, ours.out);
        assert.ok(fs.existsSync(path.join(out, "runner", `${name}.html`)));
        checkResults(path.join(out, "runner", `${name}.ipynb`), meta.checks ?? []);
        if (meta.tests === "runner") return;
        const theirs = await run(jupyter, ["nbconvert", "--to", "html", "--execute", "--ExecutePreprocessor.kernel_name=tslab-keras", "--ExecutePreprocessor.timeout=600", "--output-dir", path.join(out, "nbconvert"), nb], spec.env);
        assert.equal(theirs.status, 0, theirs.out);
        assert.ok(fs.existsSync(path.join(out, "nbconvert", `${name}.html`)));
      } finally {
        finish();
      }
    });
  }
});
