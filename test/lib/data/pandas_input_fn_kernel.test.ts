import { test, before, after } from "node:test";
import * as assert from "node:assert/strict";
import { installTempKernelspec, runWithJupyterClient, type JupyterCellRun, type TempKernelspec } from "../../helpers/jupyter.js";

// What a notebook user sees, through Debian's jupyter_client and the real kernel.

let spec: TempKernelspec;
let runs: JupyterCellRun[];

before(() => {
  spec = installTempKernelspec();
  runs = runWithJupyterClient(spec, [
    "const df = new dfd.DataFrame({ x1: [1, 2, 3, 4], x2: [5, 6, 7, 8], y: [0, 1, 0, 1] });",
    'pandasInputFn(df, undefined, { targetColumn: "label", shuffle: false });',
    'const batch = (await pandasInputFn(df, undefined, { targetColumn: "y", shuffle: false })().toArray())[0] as { xs: Record<string, unknown>; ys: tf.Tensor };\n[Object.keys(batch.xs).join(","), Array.from(batch.ys.dataSync()).join(",")]',
  ]);
});
after(() => spec?.dispose());

test("pandasInputFn with a targetColumn x lacks: the cell's error names it and lists the columns; the kernel goes on", () => {
  const [, wrong, right] = runs;
  assert.equal(wrong.reply.status, "error");
  assert.equal(wrong.reply.ename, "Error");
  assert.equal(wrong.reply.evalue, "pandasInputFn: targetColumn 'label' is not a column of x; its columns are: x1, x2, y");
  assert.match((wrong.reply.traceback ?? []).join("\n"), /at <cell 2>:1:1/);
  assert.equal(right.reply.status, "ok", JSON.stringify(right.reply));
  const result = right.outputs.find((o) => o.msg_type === "execute_result");
  assert.equal((result?.content.data as Record<string, string>)["text/plain"], "[ 'x1,x2', '0,1,0,1' ]");
});
