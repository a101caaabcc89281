import { test, before, after } from "node:test";
import * as assert from "node:assert/strict";
import { installTempKernelspec, runWithJupyterClient, streamOf, tracebackText, type JupyterCellRun, type TempKernelspec } from "../helpers/jupyter.js";

// Tracebacks name the cell's own TypeScript lines (kernel/cell_scripts.ts), through Debian's
// jupyter_client talking to the real kernel. Each cell's number is its execution count.

let spec: TempKernelspec;
let runs: JupyterCellRun[];

const cells = [
  // 1: the cell of the issue; tslab's compiled JavaScript had the throw at 4:11, the call at 7:22.
  'function failing() {\n  throw new RangeError("boom from cell");\n}\nfailing();',
  // 2, 3: a function of an earlier cell, called later.
  "function thrower(message: string): never {\n  throw new Error(message);\n}",
  'const unrelated = 1;\n\nthrower("from an earlier cell");',
  // 4: after an await, inside an awaited function.
  'async function later() {\n  await new Promise((r) => setTimeout(r, 10));\n  throw new TypeError("after await");\n}\nawait later();',
  // 5: inside a callback of fit.
  [
    "const model = keras.Sequential([keras.layers.Dense(1, { inputShape: [2] })]);",
    'model.compile({ optimizer: "sgd", loss: "mse" });',
    "await model.fit(tf.zeros([4, 2]), tf.zeros([4, 1]), {",
    "  epochs: 1,",
    "  verbose: 0,",
    "  callbacks: { onEpochEnd: () => {",
    '    throw new Error("in fit callback");',
    "  } },",
    "});",
  ].join("\n"),
  // 6: inside a timer the cell started (reported on the cell's stderr, the kernel survives).
  'setTimeout(() => {\n  throw new SyntaxError("from a timer");\n}, 10);\nawait new Promise((r) => setTimeout(r, 300));',
  // 7: types that vanish from the JavaScript shift every later line there.
  'interface Point {\n  x: number;\n  y: number;\n}\ntype P2 = Point & { z?: number };\nconst p: P2 = { x: 1, y: 2 };\nJSON.parse("{bad");',
  // 8: state survived every error above.
  "[unrelated, p.x, model.layers.length, typeof failing, typeof thrower]",
];

before(() => {
  spec = installTempKernelspec();
  runs = runWithJupyterClient(spec, cells, { timeoutS: 120 });
});
after(() => spec?.dispose());

/** The frame lines, each with the two lines of cell source under it. */
function frames(run: JupyterCellRun): string[] {
  return (run.reply.traceback ?? []).join("\n").split("\n");
}

test("a frame in the cell names its TypeScript line and column, with the line and a caret under it", () => {
  const r = runs[0];
  assert.equal(r.reply.status, "error");
  assert.equal(r.reply.ename, "RangeError");
  const lines = frames(r);
  assert.equal(lines[0], "RangeError: boom from cell");
  assert.deepEqual(lines.slice(1, 4), ["    at failing (<cell 1>:2:9)", '      2 |   throw new RangeError("boom from cell");', "        |         ^"]);
  assert.deepEqual(lines.slice(4, 7), ["    at <cell 1>:4:1", "      4 | failing();", "        | ^"]);
  // tslab's wrapper around the cell is plumbing: no frame at a line the cell does not have.
  assert.equal(lines.length, 7, tracebackText(r));
  assert.doesNotMatch(tracebackText(r), /evalmachine|tslab-keras-cell-|<cell>/);
  // The error message a front end shows carries the same traceback.
  const shown = r.outputs.find((o) => o.msg_type === "error");
  assert.deepEqual(shown?.content.traceback, r.reply.traceback);
});

test("a function from an earlier cell is named by that cell, its caller by the current one", () => {
  const text = tracebackText(runs[2]);
  assert.match(text, /^ {4}at thrower \(<cell 2>:2:9\)\n {6}2 \| {3}throw new Error\(message\);$/m);
  assert.match(text, /^ {4}at <cell 3>:3:1\n {6}3 \| thrower\("from an earlier cell"\);$/m);
});

test("frames after an await, in a fit callback and in a timer map to the cell", () => {
  const awaited = tracebackText(runs[3]);
  assert.match(awaited, /^ {4}at later \(<cell 4>:3:9\)$/m);
  assert.match(awaited, /^ {4}at async <cell 4>:5:1\n {6}5 \| await later\(\);$/m);

  const fit = tracebackText(runs[4]);
  assert.equal(runs[4].reply.evalue, "in fit callback");
  assert.match(fit, /\(<cell 5>:7:11\)\n {6}7 \| {5}throw new Error\("in fit callback"\);\n {8}\| {11}\^$/m);

  assert.equal(runs[5].reply.status, "ok");
  const stderr = streamOf(runs[5], "stderr");
  assert.match(stderr, /Uncaught exception: SyntaxError: from a timer\n {4}at Timeout\._onTimeout \(<cell 6>:2:9\)\n {6}2 \| {3}throw new SyntaxError\("from a timer"\);/);
});

test("lines after erased types keep their numbers", () => {
  assert.match(tracebackText(runs[6]), /^ {4}at <cell 7>:7:6\n {6}7 \| JSON\.parse\("\{bad"\);$/m);
});

test("the kernel and its state survive each error", () => {
  const r = runs[7];
  assert.equal(r.reply.status, "ok");
  const result = r.outputs.find((o) => o.msg_type === "execute_result");
  assert.equal((result?.content.data as Record<string, string>)["text/plain"], "[ 1, 1, 1, 'function', 'function' ]");
});
