import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { artifactsDir } from "../../helpers/paths.js";
import { bareFolder, cliPath, outputsOf, startKernel } from "../../helpers/kernel.js";
import { chromium, networkRequests, probePage } from "./chromium_probe.js";

const plotlyMime = "application/vnd.plotly.v1+json";

const cells = [
  'const m = tf.sequential({ name: "tiny", layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });\nm.compile({ optimizer: "sgd", loss: "meanSquaredError" });\nm',
  'new dfd.DataFrame({ a: [1, 2, 3], b: ["x", "y", "z"] })',
  "tf.tensor2d([[1, 2], [3, 4]])",
  'plot({ x: [1, 2, 3], y: [3, 1, 2] }, { kind: "scatter", x: "x", y: "y" })',
  "const h = await m.fit(tf.randomNormal([400, 4]), tf.randomNormal([400, 3]), { epochs: 2, batchSize: 1 });",
  "keras.utils.plotModel(m)",
  "h",
];

function dataOf(msg: { content: Record<string, unknown> }): Record<string, unknown> {
  return msg.content.data as Record<string, unknown>;
}

test("through the real kernel: each formatter's mime types, and one live display id updated in place during fit", async () => {
  const k = await startKernel();
  try {
    const results: Record<string, unknown>[] = [];
    for (const code of cells.slice(0, 4)) {
      const ex = await k.execute(code);
      results.push(dataOf(outputsOf(ex, "execute_result")[0]));
    }
    assert.match(String(results[0]["text/html"]), /<span class="tk-count">15<\/span>/);
    assert.match(String(results[0]["text/plain"]), /^Model: "tiny"\n┏/);
    assert.ok(results[1]["application/vnd.dataresource+json"]);
    assert.match(String(results[1]["text/html"]), /3 rows × 2 columns/);
    assert.match(String(results[2]["text/plain"]), /^Tensor shape=\[2, 2\] dtype=float32/);
    assert.ok(results[3][plotlyMime]);

    const fit = await k.execute(cells[4]);
    const shown = outputsOf(fit, "display_data").filter((m) => dataOf(m)[plotlyMime]);
    const updates = outputsOf(fit, "update_display_data");
    const ids = new Set([...shown, ...updates].map((m) => (m.content.transient as { display_id?: string } | undefined)?.display_id));
    assert.equal(shown.length, 1, "one live output");
    assert.equal(ids.size, 1, "one display id");
    assert.ok(updates.length >= 2, `${updates.length} updates`);
    assert.ok(updates.length < 100, `throttled: ${updates.length} updates for 800 batches`);
    const last = dataOf(updates[updates.length - 1]);
    assert.match(String(last["text/plain"]), /^Epoch 2\/2  400\/400 /);
    const lossX = (last[plotlyMime] as { data: { name: string; x: number[] }[] }).data.find((t) => t.name === "loss")!.x;
    assert.deepEqual(lossX.filter(Number.isInteger), [1, 2]);

    const graph = dataOf(outputsOf(await k.execute(cells[5]), "execute_result")[0]);
    assert.match(String(graph["image/svg+xml"]), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const hist = dataOf(outputsOf(await k.execute(cells[6]), "execute_result")[0]);
    assert.ok(hist[plotlyMime]);
  } finally {
    await k.shutdown();
  }
});

test("a notebook run by our runner, and its nbconvert HTML, render offline in Chromium with plots, traces and the summary", { skip: !fs.existsSync(chromium) && "Debian chromium is not installed" }, () => {
  const dir = bareFolder("tslab-keras-display-");
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab-keras", display_name: "TypeScript (Keras)", language: "typescript" } },
    cells: cells.map((source, i) => ({ id: `c${i}`, cell_type: "code", metadata: {}, source, outputs: [], execution_count: null })),
  };
  const file = path.join(dir, "display.ipynb");
  fs.writeFileSync(file, JSON.stringify(nb));
  const out = path.join(dir, "out");
  const run = spawnSync(process.execPath, [cliPath, "run", file, "--out", out, "--to", "html"], { encoding: "utf8", timeout: 240_000 });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  const executed = JSON.parse(fs.readFileSync(path.join(out, "display.ipynb"), "utf8")) as { cells: { outputs: { output_type: string; data?: Record<string, unknown> }[] }[] };
  const fitOutputs = executed.cells[4].outputs.filter((o) => o.data?.[plotlyMime]);
  assert.equal(fitOutputs.length, 1, "the saved notebook keeps one training figure: the final state");
  assert.match(String(fitOutputs[0].data!["text/plain"]), /^Epoch 2\/2  400\/400 /);

  const expectPage = (html: string, shot: string) => {
    const r = probePage(html, path.join(artifactsDir, shot));
    assert.ok(r.plots >= 3, `${r.plots} plotly plots`);
    assert.ok(r.traces >= 3, `${r.traces} traces`);
    assert.equal(r.total, "15");
    assert.equal(r.graphNodes, 1);
    assert.deepEqual(networkRequests(r), []);
  };
  expectPage(fs.readFileSync(path.join(out, "display.html"), "utf8"), "display-runner.png");

  const nbc = spawnSync("jupyter", ["nbconvert", "--to", "html", "--output-dir", path.join(dir, "nbconvert"), path.join(out, "display.ipynb")], { encoding: "utf8", timeout: 120_000 });
  assert.equal(nbc.status, 0, nbc.stderr);
  expectPage(fs.readFileSync(path.join(dir, "nbconvert", "display.html"), "utf8"), "display-nbconvert.png");
});

test("plotly.js is sent again when the cell that carried it is re-run or clears itself", async () => {
  const k = await startKernel();
  const figure = 'plot({ x: [1, 2], y: [2, 1] }, { kind: "line", x: "x", y: "y" })';
  /** Whether this exchange carried plotly.js itself (its own display_data, before the figure). */
  const carriesLibrary = (ex: Awaited<ReturnType<typeof k.execute>>) =>
    outputsOf(ex, "display_data").some((m) => /plotly\.js \(plotly\.js-dist-min\), inlined once per notebook/.test(String(dataOf(m)["text/html"])));
  try {
    assert.equal(carriesLibrary(await k.execute(figure, {}, { cellId: "a" })), true, "first figure of the session");
    assert.equal(carriesLibrary(await k.execute(figure, {}, { cellId: "b" })), false, "once per notebook");
    // Re-running cell "a" wipes its outputs in the front end, plotly.js with them.
    assert.equal(carriesLibrary(await k.execute("1 + 1", {}, { cellId: "a" })), false);
    assert.equal(carriesLibrary(await k.execute(figure, {}, { cellId: "b" })), true, "sent again after its cell was re-run");
    assert.equal(carriesLibrary(await k.execute(figure, {}, { cellId: "c" })), false);
    // A cell that clears its own output after the library went out in it.
    assert.equal(carriesLibrary(await k.execute(figure, {}, { cellId: "b" })), true, "re-running b wiped it again");
    assert.equal(carriesLibrary(await k.execute(`display.clear();\n${figure}`, {}, { cellId: "d" })), false);
    const cleared = await k.execute(`display(${figure});\ndisplay.clear();\n${figure}`, {}, { cellId: "b" });
    assert.equal(outputsOf(cleared, "display_data").filter((m) => /inlined once per notebook/.test(String(dataOf(m)["text/html"]))).length, 2, "sent, cleared with the cell, sent again");
    // Without cell ids (Debian's jupyter_client sends none), the library goes out once per session.
    assert.equal(carriesLibrary(await k.execute(figure)), false);
  } finally {
    await k.shutdown();
  }
});
