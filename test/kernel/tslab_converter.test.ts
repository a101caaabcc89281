import { test, before, after } from "node:test";
import * as assert from "node:assert/strict";
import { installTempKernelspec, runWithJupyterClient, type JupyterCellRun, type TempKernelspec } from "../helpers/jupyter.js";

// Names whose inferred type TypeScript's declaration emit cannot write out (tslab carries a
// cell's names to later cells in a declarations file) must still work, and keep their types:
// each case defines a name in one cell, uses it in the next, and proves the type was kept by a
// type error in a third that only the right type gives.

interface Case {
  what: string;
  define: string;
  use: string;
  /** Expected result of `use`, as text/plain. */
  result: string;
  /** A cell that must fail to compile, and the message that names the kept type. */
  wrong: string;
  error: RegExp;
}

const cases: Case[] = [
  {
    what: "a dynamic import of a built-in module",
    define: 'const fs = await import("fs");',
    use: 'fs.existsSync("/")',
    result: "true",
    wrong: 'const fsWrong: string = fs.existsSync("/");',
    error: /Type 'boolean' is not assignable to type 'string'/,
  },
  {
    what: "a dynamic import of a built-in module under node:",
    define: 'const zlib = await import("node:zlib");\nconst gzip = zlib.createGzip();',
    use: "typeof gzip.write",
    result: "'function'",
    wrong: "const gzipWrong: number = gzip;",
    error: /Type 'Gzip' is not assignable to type 'number'/,
  },
  {
    what: "a dynamic import of an npm package",
    define: 'const dagre = await import("@dagrejs/dagre");',
    use: "typeof dagre.layout",
    result: "'function'",
    wrong: "dagre.layout(42);",
    error: /Argument of type 'number' is not assignable to parameter of type 'Graph/,
  },
  {
    what: "a value of a class the cell does not export",
    define: "function makeCounter() {\n  class Counter {\n    n = 0;\n    inc() {\n      return ++this.n;\n    }\n  }\n  return new Counter();\n}\nconst counter = makeCounter();",
    use: "counter.inc() + counter.inc()",
    result: "3",
    wrong: "const counterWrong: string = counter.inc();",
    error: /Type 'number' is not assignable to type 'string'/,
  },
  {
    what: "the return value of a generic factory",
    define: "function box<T>(value: T) {\n  return { get: () => value, set(v: T) { value = v; } };\n}\nconst boxed = box(new Map<string, number>([[\"a\", 1]]));",
    use: 'boxed.get().get("a")',
    result: "1",
    wrong: 'boxed.set(new Set(["a"]));',
    error: /Argument of type 'Set<string>' is not assignable to parameter of type 'Map<string, number>'/,
  },
  {
    what: "ReturnType<...> of a library function",
    define: "type Compiled = ReturnType<typeof keras.Sequential>;\nconst net: Compiled = keras.Sequential([keras.layers.Dense(2, { inputShape: [3] })]);",
    use: "net.countParams()",
    result: "8",
    wrong: "const netWrong: string = net.countParams();",
    error: /Type 'number' is not assignable to type 'string'/,
  },
];

let spec: TempKernelspec;
let runs: JupyterCellRun[];

before(() => {
  spec = installTempKernelspec();
  runs = runWithJupyterClient(spec, cases.flatMap((c) => [c.define, c.use, c.wrong]), { timeoutS: 120 });
});
after(() => spec?.dispose());

cases.forEach((c, i) => {
  test(`${c.what} works and keeps its type in later cells`, () => {
    const [define, use, wrong] = runs.slice(3 * i, 3 * i + 3);
    assert.equal(define.reply.status, "ok", `${c.define}\n${JSON.stringify(define.reply)}`);
    assert.equal(use.reply.status, "ok", `${c.use}\n${JSON.stringify(use.reply)}`);
    const result = use.outputs.find((o) => o.msg_type === "execute_result");
    assert.equal((result?.content.data as Record<string, string>)["text/plain"], c.result);
    assert.equal(wrong.reply.status, "error");
    assert.equal(wrong.reply.ename, "CompileError");
    assert.match(String(wrong.reply.evalue), c.error);
  });
});
