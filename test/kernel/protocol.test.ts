import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { KernelClient } from "../../kernel/client.js";
import { bareFolder, outputsOf, resultText, sleep, startKernel, streamText } from "../helpers/kernel.js";
import { gaps } from "./gaps.js";

describe("our kernel over the Jupyter wire protocol", () => {
  let k: KernelClient;
  let cwd: string;
  before(async () => {
    cwd = bareFolder();
    k = await startKernel(undefined, cwd);
  });
  after(async () => {
    await k?.shutdown();
  });

  test("the first cell shows the backend choice once; later cells do not", async () => {
    const first = await k.execute("'warm'");
    assert.equal(first.reply.content.status, "ok");
    const text = streamText(first, "stdout") + streamText(first, "stderr");
    assert.match(text, /backend: /);
    assert.doesNotMatch(text, /Hi, looks like you are running TensorFlow\.js in Node\.js/);
    const second = await k.execute("'again'");
    assert.equal(streamText(second) + streamText(second, "stderr"), "");
  });

  test("prelude names exist with their types in a folder without node_modules", async () => {
    assert.ok(!fs.existsSync(path.join(cwd, "node_modules")));
    const ex = await k.execute("console.log('hi from', typeof tf.tensor, typeof dfd.DataFrame, typeof display);\nconst t: tf.Tensor = tf.tensor([1, 2]);\nt.shape");
    assert.equal(ex.reply.content.status, "ok", JSON.stringify(ex.reply.content));
    assert.equal(streamText(ex), "hi from function function function\n");
    assert.equal(resultText(ex), "[ 2 ]");
    const typed = await k.execute("const wrong: number = tf.tensor([1]);");
    assert.equal(typed.reply.content.status, "error");
    assert.match(String(typed.reply.content.evalue), /Tensor/, "the checker knows tf's types");
  });

  test("a package the notebook imports resolves from the kernel's own node_modules", async () => {
    const ex = await k.execute("import * as tfl from '@tensorflow/tfjs-layers';\ntypeof tfl.sequential");
    assert.equal(ex.reply.content.status, "ok", JSON.stringify(ex.reply.content));
    assert.equal(resultText(ex), "'function'");
  });

  test("a synchronous infinite loop is stopped by SIGINT", async () => {
    const loop = k.submit("execute_request", { code: "let spinning = 0; while (true) { spinning++; }", silent: false, store_history: true, user_expressions: {} });
    // A signal that lands while the cell is still being compiled cannot reach the loop that
    // follows (it is handled after the loop, i.e. never); like a user, press interrupt again.
    let replied = false;
    void loop.exchange.finally(() => (replied = true));
    for (let i = 0; i < 40 && !replied; i++) {
      await sleep(500);
      if (!replied) k.interruptBySignal();
    }
    const r = await loop.exchange;
    assert.equal(r.reply.content.ename, "KeyboardInterrupt");
    const ok = await k.execute("1 + 1");
    assert.equal(resultText(ok), "2");
  });

  test("a rejected promise nobody awaits is reported, and the kernel lives on", async () => {
    const ex = await k.execute("Promise.reject(new Error('nobody catches me')); await new Promise((r) => setTimeout(r, 50)); 'alive'");
    assert.equal(resultText(ex), "'alive'");
    assert.match(streamText(ex, "stderr"), /nobody catches me/);
    const next = await k.execute("'still alive'");
    assert.equal(resultText(next), "'still alive'");
  });

  test("silent execution sends no output and does not count", async () => {
    const before = await k.execute("1");
    const silent = await k.execute("console.log('shh'); 5", { silent: true });
    assert.deepEqual(silent.iopub.filter((m) => m.header.msg_type !== "status").length, 0);
    const afterEx = await k.execute("1");
    assert.equal(afterEx.reply.content.execution_count, (before.reply.content.execution_count as number) + 1);
  });

  test("user_expressions are evaluated and returned as mime bundles", async () => {
    const ex = await k.execute("const ue = 21;", { user_expressions: { doubled: "ue * 2", broken: "nope.nope" } });
    const ue = ex.reply.content.user_expressions as Record<string, { status: string; data?: Record<string, string>; ename?: string }>;
    assert.equal(ue.doubled.status, "ok");
    assert.equal(ue.doubled.data?.["text/plain"], "42");
    assert.equal(ue.broken.status, "error");
  });

  test("`name?` pages the documentation of name", async () => {
    const ex = await k.execute("tf.tensor?");
    assert.equal(ex.reply.content.status, "ok");
    const payload = ex.reply.content.payload as { source: string; data: Record<string, string> }[];
    assert.equal(payload[0].source, "page");
    assert.match(payload[0].data["text/plain"], /function tensor/);
  });

  test("a formatter registered in a cell renders that kind of value richly", async () => {
    const ex = await k.execute(
      "class Temperature { constructor(readonly celsius: number) {} }\n" +
        "registerFormatter('temperature', (v) => v instanceof Temperature ? { 'text/html': `<b>${v.celsius} °C</b>` } : undefined);\n" +
        "new Temperature(21)",
    );
    assert.equal(ex.reply.content.status, "ok", JSON.stringify(ex.reply.content));
    const data = outputsOf(ex, "execute_result")[0].content.data as Record<string, string>;
    assert.equal(data["text/html"], "<b>21 °C</b>");
    assert.match(data["text/plain"], /Temperature/);
  });

  test("complete, inspect and is_complete answer with cursor positions in code points", async () => {
    const c = await k.request("complete_request", { code: "const 🙂 = 1; Math.fl", cursor_pos: [..."const 🙂 = 1; Math.fl"].length });
    assert.ok((c.reply.content.matches as string[]).includes("floor"));
    assert.equal(c.reply.content.cursor_start, [..."const 🙂 = 1; Math."].length);
    const i = await k.request("inspect_request", { code: "Math.max", cursor_pos: 6, detail_level: 0 });
    assert.equal(i.reply.content.found, true);
    assert.match((i.reply.content.data as Record<string, string>)["text/plain"], /max/);
    const states = await Promise.all(["if (x) {", "const a = 1;", "const 1 = a;"].map((code) => k.request("is_complete_request", { code })));
    assert.deepEqual(states.map((s) => s.reply.content.status), ["incomplete", "complete", "invalid"]);
  });

  test("an interrupt stops model.fitDataset within one batch", async () => {
    const setup = await k.execute(
      "const dsModel = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });\n" +
        "dsModel.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });\n" +
        "const ds = tf.data.generator(function* () { for (;;) yield { xs: tf.randomNormal([8, 2]), ys: tf.randomNormal([8, 1]) }; });\n" +
        "let dsBatches = 0;",
    );
    assert.equal(setup.reply.content.status, "ok", JSON.stringify(setup.reply.content));
    const fit = k.submit("execute_request", {
      code: "await dsModel.fitDataset(ds, { epochs: 1, batchesPerEpoch: 1_000_000, verbose: 0, callbacks: { onBatchEnd: async () => { dsBatches++; } } });",
      silent: false,
      store_history: true,
      user_expressions: {},
    });
    await sleep(1000);
    k.interruptBySignal();
    const r = await fit.exchange;
    assert.equal(r.reply.content.ename, "KeyboardInterrupt");
    const after = await k.execute("const d0 = dsBatches; await new Promise((r) => setTimeout(r, 300)); [dsBatches - d0, d0 > 0]");
    assert.equal(resultText(after), "[ 0, true ]");
  });

  for (const [name, check] of Object.entries(gaps)) {
    test(`gap closed: ${name}`, () => check(k));
  }
});
