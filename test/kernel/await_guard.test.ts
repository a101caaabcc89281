import assert from "node:assert/strict";
import { test } from "node:test";
import { guardAwaits, installGuardGlobal } from "../../kernel/await_guard.js";
import { CellContext, cellContext } from "../../kernel/cell_context.js";
import { newHeader } from "../../kernel/wire.js";

const ts = require("@tslab/typescript-for-tslab");

test("every await and for-await operand is wrapped, nested ones included, nothing else changes", () => {
  const js = "const a = await f(await g(1)) + 2;\nfor await (const x of it) { await x; }\nconst s = 'await not me';";
  const out = guardAwaits(ts, js);
  assert.equal(
    out,
    "const a = await __tslab_keras__.guard(f(await __tslab_keras__.guard(g(1)))) + 2;\nfor await (const x of __tslab_keras__.guardIter(it)) { await __tslab_keras__.guard(x); }\nconst s = 'await not me';",
  );
  assert.equal(guardAwaits(ts, "const x = 1;"), "const x = 1;");
  // Parsed as a CommonJS script, `await (x)` would be a call of a function named await.
  assert.equal(
    guardAwaits(ts, "const j = (await (await fetch(`${base}/m`)).json());"),
    "const j = (await __tslab_keras__.guard((await __tslab_keras__.guard(fetch(`${base}/m`))).json()));",
  );
});

test("a guarded await throws KeyboardInterrupt once its cell is interrupted, and only in that cell", async () => {
  installGuardGlobal();
  const run = new Function("return (async () => { let n = 0; for (;;) { n++; await new Promise((r) => setTimeout(r, 1)); } })()");
  const guarded = new Function(`return (async () => { let n = 0; for (;;) { n++; ${guardAwaits(ts, "await new Promise((r) => setTimeout(r, 1));")} } })()`);
  assert.ok(run);
  const cell = new CellContext(newHeader("execute_request", "s"), 1, false);
  const other = new CellContext(newHeader("execute_request", "s"), 2, false);
  const looping = cellContext.run(cell, () => guarded() as Promise<never>);
  const bystander = cellContext.run(other, () => (new Function(`return (async () => { ${guardAwaits(ts, "await new Promise((r) => setTimeout(r, 30));")} return 'done'; })()`))() as Promise<string>);
  setTimeout(() => cell.interrupt(), 10);
  await assert.rejects(looping, { name: "KeyboardInterrupt" });
  assert.equal(await bystander, "done");
});
