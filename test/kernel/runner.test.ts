import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { bareFolder, cliPath } from "../helpers/kernel.js";
import { python } from "../helpers/jupyter.js";

function notebook(cells: [string, string][]): object {
  return {
    nbformat: 4,
    nbformat_minor: 2,
    metadata: { kernelspec: { name: "tslab-keras", display_name: "TypeScript (Keras)", language: "typescript" } },
    cells: cells.map(([type, source]) => (type === "code" ? { cell_type: "code", metadata: {}, source, outputs: [], execution_count: null } : { cell_type: "markdown", metadata: {}, source })),
  };
}

function run(dir: string, nb: object, args: string[]) {
  const file = path.join(dir, "nb.ipynb");
  fs.writeFileSync(file, JSON.stringify(nb));
  const out = path.join(dir, "out");
  const r = spawnSync(process.execPath, [cliPath, "run", file, "--out", out, ...args], { encoding: "utf8", timeout: 120_000 });
  const executed = fs.existsSync(path.join(out, "nb.ipynb")) ? JSON.parse(fs.readFileSync(path.join(out, "nb.ipynb"), "utf8")) : undefined;
  return { ...r, out, executed };
}

test("run executes a notebook, applies display updates, routes late output, writes valid nbformat 4.5 and offline HTML", () => {
  const dir = bareFolder();
  const r = run(
    dir,
    notebook([
      ["markdown", "# A title\n\nSome *emphasis*."],
      ["code", "console.log('printed'); 40 + 2"],
      ["code", "setTimeout(() => console.log('late line'), 200);\nconst handle = display({ 'text/html': '<p id=\"live\">step 1</p>', 'text/plain': 'step 1' }, { raw: true, displayId: true });"],
      ["code", "await new Promise((r) => setTimeout(r, 500));\nhandle!.update({ 'text/html': '<p id=\"live\">step 2</p>', 'text/plain': 'step 2' }, { raw: true });"],
    ]),
    ["--to", "html"],
  );
  assert.equal(r.status, 0, r.stderr);
  const nb = r.executed;
  assert.equal(nb.nbformat, 4);
  assert.equal(nb.nbformat_minor, 5);
  assert.ok(nb.cells.every((c: { id?: string }) => typeof c.id === "string"));
  const [, c1, c2, c3] = nb.cells;
  const stdout = c1.outputs.filter((o: { name?: string }) => o.name === "stdout").map((o: { text: string[] }) => o.text.join("")).join("");
  assert.match(stdout, /printed\n$/);
  assert.equal(c1.outputs.at(-1).output_type, "execute_result");
  assert.equal(c1.outputs.at(-1).data["text/plain"], "42");
  assert.equal(c1.execution_count, 1);
  assert.equal(c2.outputs[0].data["text/plain"], "step 2", "the update from cell 3 rewrote cell 2's display");
  assert.ok(c2.outputs.some((o: { text?: string[] }) => o.text?.join("") === "late line\n"), "the timer's line is under cell 2");
  assert.equal(c3.outputs.length, 0);
  const valid = spawnSync(python, ["-c", "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", path.join(r.out, "nb.ipynb")], { encoding: "utf8" });
  assert.equal(valid.stdout.trim(), "valid", valid.stderr);
  const html = fs.readFileSync(path.join(r.out, "nb.html"), "utf8");
  assert.match(html, /<h1[^>]*>A title<\/h1>/);
  assert.match(html, /<p id="live">step 2<\/p>/);
  assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)="https?:/, "nothing is fetched from the network");
});

test("run stops at a failing cell, names it, and exits non-zero; --allow-errors goes on", () => {
  const dir = bareFolder();
  const cells: [string, string][] = [["code", "const a = 1;"], ["code", "throw new TypeError('no good')"], ["code", "'after'"]];
  const failing = run(dir, notebook(cells), []);
  assert.equal(failing.status, 1);
  assert.match(failing.stderr, /cell 2 failed: TypeError: no good/);
  assert.equal(failing.executed.cells[1].outputs[0].output_type, "error");
  assert.equal(failing.executed.cells[2].execution_count, null, "the cell after the error did not run");
  const allowed = run(dir, notebook(cells), ["--allow-errors"]);
  assert.equal(allowed.status, 0, allowed.stderr);
  assert.equal(allowed.executed.cells[2].outputs[0].data["text/plain"], "'after'");
});

test("run --timeout interrupts a cell that never ends and reports it", () => {
  const dir = bareFolder();
  // The first cell: the runner warms the kernel up first, so its 2 s are the cell's own, however
  // long the kernel took to load on a loaded machine.
  const r = run(dir, notebook([["code", "1"], ["code", "await new Promise(() => {});"], ["code", "'never'"]]), ["--timeout", "2"]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cell 2 failed: CellTimeoutError: cell 2 did not finish within 2 s/);
  const errors = r.executed.cells[1].outputs.filter((o: { output_type: string }) => o.output_type === "error");
  assert.ok(errors.some((o: { ename: string }) => o.ename === "KeyboardInterrupt"), "the kernel was interrupted");
});
