import assert from "node:assert/strict";
import * as path from "node:path";
import type { KernelClient } from "../../kernel/client.js";
import type { Message } from "../../kernel/wire.js";
import { outputsOf, resultText, sleep, streamText } from "../helpers/kernel.js";
import { repoRoot } from "../helpers/paths.js";

/**
 * The protocol gaps of plain tslab that the kernel issue lists, each as a check against a live
 * kernel. protocol.test.ts runs them on our kernel (all must pass); tslab_baseline.test.ts runs
 * them on plain tslab, where each must fail: proof that every check can fail.
 */
export type GapCheck = (k: KernelClient) => Promise<void>;

const tfImport = `import * as tf from ${JSON.stringify(path.join(repoRoot, "node_modules", "@tensorflow", "tfjs"))};`;

async function settle(k: KernelClient, code: string) {
  const ex = await k.execute(code);
  assert.equal(ex.reply.content.status, "ok", `setup cell failed: ${code}\n${JSON.stringify(ex.reply.content)}`);
  return ex;
}

export const gaps: Record<string, GapCheck> = {
  async "execute_result carries the last value as text/plain, with execution_count"(k) {
    const ex = await k.execute("6 * 7");
    const results = outputsOf(ex, "execute_result");
    assert.equal(results.length, 1, "one execute_result");
    assert.equal((results[0].content.data as Record<string, string>)["text/plain"], "42");
    assert.equal(results[0].content.execution_count, ex.reply.content.execution_count);
    assert.equal(streamText(ex), "", "the value is not printed to stdout as well");
  },

  async "a runtime error is an error message and an error reply with ename, evalue, traceback"(k) {
    const ex = await k.execute("function f(): never { throw new RangeError('out of range'); }\nf();");
    assert.equal(ex.reply.content.status, "error");
    assert.equal(ex.reply.content.ename, "RangeError");
    assert.equal(ex.reply.content.evalue, "out of range");
    const errs = outputsOf(ex, "error");
    assert.equal(errs.length, 1, "one error message on iopub");
    assert.equal(errs[0].content.ename, "RangeError");
    const tb = errs[0].content.traceback as string[];
    assert.ok(tb.length >= 2 && tb[0] === "RangeError: out of range", `traceback: ${JSON.stringify(tb)}`);
    assert.ok(!tb.some((l) => /dist\/kernel|node_modules\/tslab|node:internal/.test(l)), `kernel frames removed: ${JSON.stringify(tb)}`);
    assert.equal(streamText(ex, "stderr"), "", "the stack is not dumped on stderr");
  },

  async "a type error names line:col in the cell"(k) {
    const ex = await k.execute("const ok = 1;\nconst n: number = 'text';");
    assert.equal(ex.reply.content.status, "error");
    const errs = outputsOf(ex, "error");
    assert.equal(errs.length, 1);
    assert.match(String(errs[0].content.evalue), /^2:7 - Type 'string' is not assignable to type 'number'/);
  },

  async "execute_input is sent and execution_count counts cells"(k) {
    const a = await k.execute("1");
    const b = await k.execute("2");
    const inputA = outputsOf(a, "execute_input");
    assert.equal(inputA.length, 1);
    assert.equal(inputA[0].content.code, "1");
    assert.equal(inputA[0].content.execution_count, a.reply.content.execution_count);
    assert.equal(b.reply.content.execution_count, (a.reply.content.execution_count as number) + 1);
  },

  async "stop_on_error: false lets queued cells run; true aborts them"(k) {
    const opts = { stop_on_error: false };
    const one = k.submit("execute_request", { code: "'first'", silent: false, store_history: true, user_expressions: {}, ...opts });
    const two = k.submit("execute_request", { code: "throw new Error('second fails')", silent: false, store_history: true, user_expressions: {}, ...opts });
    const three = k.submit("execute_request", { code: "'third'", silent: false, store_history: true, user_expressions: {}, ...opts });
    const [r1, r2, r3] = await Promise.all([one.exchange, two.exchange, three.exchange]);
    assert.equal(r1.reply.content.status, "ok");
    assert.equal(r2.reply.content.status, "error");
    assert.equal(r3.reply.content.status, "ok", `third cell ran: ${JSON.stringify(r3.reply.content)}`);
    assert.equal(resultText(r3), "'third'");
    const stop = { stop_on_error: true };
    const a = k.submit("execute_request", { code: "throw new Error('fails')", silent: false, store_history: true, user_expressions: {}, ...stop });
    const b = k.submit("execute_request", { code: "'after'", silent: false, store_history: true, user_expressions: {}, ...stop });
    const [ra, rb] = await Promise.all([a.exchange, b.exchange]);
    assert.equal(ra.reply.content.status, "error");
    assert.equal(rb.reply.content.status, "aborted");
  },

  async "comm_info_request is answered with comm_info_reply"(k) {
    const ex = await k.request("comm_info_request", {});
    assert.equal(ex.reply.header.msg_type, "comm_info_reply");
    assert.equal(ex.reply.content.status, "ok");
    assert.deepEqual(ex.reply.content.comms, {});
  },

  async "interrupt_request on control gets an interrupt_reply"(k) {
    const ex = await Promise.race([k.request("interrupt_request", {}, "control"), sleep(5000).then(() => undefined)]);
    assert.ok(ex, "interrupt_reply within 5 s");
    assert.equal(ex.reply.header.msg_type, "interrupt_reply");
    assert.equal(ex.reply.content.status, "ok");
  },

  async "history_request is answered with the session's inputs"(k) {
    await settle(k, "const historyMarker = 12345;");
    const ex = await Promise.race([k.request("history_request", { output: false, raw: true, hist_access_type: "tail", n: 5 }), sleep(5000).then(() => undefined)]);
    assert.ok(ex, "history_reply within 5 s");
    assert.equal(ex.reply.header.msg_type, "history_reply");
    const hist = ex.reply.content.history as [number, number, string][];
    assert.ok(hist.some((h) => h[2] === "const historyMarker = 12345;"), JSON.stringify(hist));
  },

  async "kernel_info reports the real versions and TypeScript's language_info"(k) {
    const ex = await k.request("kernel_info_request", {});
    const c = ex.reply.content as { implementation_version: string; language_info: Record<string, unknown>; banner: string };
    const tsVersion = require(path.join(repoRoot, "node_modules", "@tslab", "typescript-for-tslab", "package.json")).version;
    assert.equal(c.language_info.version, tsVersion);
    assert.equal(c.language_info.file_extension, ".ts");
    assert.equal(c.language_info.mimetype, "text/typescript");
    assert.ok(c.language_info.codemirror_mode, "codemirror mode given");
    assert.ok(c.banner.includes(process.versions.node), `banner names Node ${process.versions.node}: ${c.banner}`);
  },

  async "output of a timer lands under the cell that started it"(k) {
    const seen: Message[] = [];
    k.onIopub = (m) => seen.push(m);
    try {
      const a = await settle(k, "setTimeout(() => console.log('late from A'), 300); 'A'");
      const b = await settle(k, "await new Promise((r) => setTimeout(r, 700)); 'B'");
      const late = seen.filter((m) => m.header.msg_type === "stream" && String(m.content.text).includes("late from A"));
      assert.equal(late.length, 1, "the late line was sent once");
      assert.equal((late[0].parent_header as { msg_id: string }).msg_id, a.reply.parent_header && (a.reply.parent_header as { msg_id: string }).msg_id);
      assert.ok(!streamText(b).includes("late from A"), "not under the cell that ran later");
    } finally {
      k.onIopub = undefined;
    }
  },

  async "display sends several mime types with metadata in one message, and updates it by display_id"(k) {
    const ex = await settle(
      k,
      "const shown = display({ 'text/html': '<b>v1</b>', 'text/plain': 'v1' }, { raw: true, displayId: true, metadata: { 'text/html': { isolated: true } } });\n" +
        "shown!.update({ 'text/html': '<b>v2</b>', 'text/plain': 'v2' }, { raw: true });",
    );
    const shown = outputsOf(ex, "display_data");
    assert.equal(shown.length, 1);
    const data = shown[0].content.data as Record<string, string>;
    assert.equal(data["text/html"], "<b>v1</b>");
    assert.equal(data["text/plain"], "v1");
    assert.deepEqual(shown[0].content.metadata, { "text/html": { isolated: true } });
    const id = (shown[0].content.transient as { display_id: string }).display_id;
    assert.ok(id, "a display_id");
    const updates = outputsOf(ex, "update_display_data");
    assert.equal(updates.length, 1);
    assert.equal((updates[0].content.transient as { display_id: string }).display_id, id);
    assert.equal((updates[0].content.data as Record<string, string>)["text/html"], "<b>v2</b>");
  },

  async "an interrupt (SIGINT) stops a cell that awaits in a loop, and state survives"(k) {
    await settle(k, "let ticks = 0; const keep = 'kept';");
    const loop = k.submit("execute_request", { code: "for (;;) { ticks++; await new Promise((r) => setTimeout(r, 5)); }", silent: false, store_history: true, user_expressions: {} });
    await sleep(400);
    k.interruptBySignal();
    const r = await Promise.race([loop.exchange, sleep(10_000).then(() => undefined)]);
    assert.ok(r, "the cell replied within 10 s of the interrupt");
    assert.equal(r.reply.content.status, "error");
    assert.equal(r.reply.content.ename, "KeyboardInterrupt");
    const after = await settle(k, "const t0 = ticks; await new Promise((r) => setTimeout(r, 300)); [ticks - t0, keep]");
    assert.equal(resultText(after), "[ 0, 'kept' ]", "the loop no longer runs and earlier variables keep their values");
  },

  async "interrupt_request stops a cell that awaits in a loop"(k) {
    await settle(k, "let spins = 0;");
    const loop = k.submit("execute_request", { code: "while (true) { spins++; await new Promise((r) => setTimeout(r, 5)); }", silent: false, store_history: true, user_expressions: {} });
    await sleep(400);
    await k.request("interrupt_request", {}, "control");
    const r = await Promise.race([loop.exchange, sleep(10_000).then(() => undefined)]);
    assert.ok(r, "the cell replied within 10 s of the interrupt");
    assert.equal(r.reply.content.ename, "KeyboardInterrupt");
    const after = await settle(k, "const s0 = spins; await new Promise((r) => setTimeout(r, 300)); spins - s0");
    assert.equal(resultText(after), "0");
  },

  async "an interrupt stops model.fit within one batch"(k) {
    await settle(
      k,
      `${tfImport}
const fitModel = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [4], activation: "relu" }), tf.layers.dense({ units: 1 })] });
fitModel.compile({ optimizer: "sgd", loss: "meanSquaredError" });
const fx = tf.randomNormal([4096, 4]); const fy = tf.randomNormal([4096, 1]);
let batches = 0;`,
    );
    const fit = k.submit("execute_request", {
      code: "await fitModel.fit(fx, fy, { batchSize: 8, epochs: 1000, verbose: 0, callbacks: { onBatchEnd: async () => { batches++; await new Promise((r) => setTimeout(r, 2)); } } }); 'finished'",
      silent: false,
      store_history: true,
      user_expressions: {},
    });
    await sleep(1500);
    k.interruptBySignal();
    const r = await Promise.race([fit.exchange, sleep(15_000).then(() => undefined)]);
    assert.ok(r, "fit returned within 15 s of the interrupt");
    assert.equal(r.reply.content.ename, "KeyboardInterrupt");
    const after = await settle(k, "const b0 = batches; await new Promise((r) => setTimeout(r, 300)); [batches - b0, b0 > 0, (fitModel.predict(fx.slice(0, 2)) as tf.Tensor).shape]");
    assert.equal(resultText(after), "[ 0, true, [ 2, 1 ] ]", "no batch ran after the cell ended, and the model still predicts");
  },
};
