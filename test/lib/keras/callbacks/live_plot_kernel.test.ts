import { test, before, after } from "node:test";
import * as assert from "node:assert/strict";
import { installTempKernelspec, runWithJupyterClient, type JupyterCellRun, type TempKernelspec } from "../../../helpers/jupyter.js";

// The live figure every fit gets in a notebook, as Debian's jupyter_client receives it.

const plotlyMime = "application/vnd.plotly.v1+json";

interface Figure {
  data: { name: string; x: number[]; y: number[] }[];
  layout: { title?: { text: string }; xaxis?: { title?: { text: string } } };
}

let spec: TempKernelspec;
let runs: JupyterCellRun[];

before(() => {
  spec = installTempKernelspec();
  runs = runWithJupyterClient(spec, [
    [
      "const model = keras.Sequential([keras.layers.Dense(4, { inputShape: [3], activation: 'relu' }), keras.layers.Dense(1)]);",
      'model.compile({ optimizer: "adam", loss: "mse" });',
      "const x = tf.randomNormal([160, 3], 0, 1, 'float32', 1);",
      "const y = x.sum(1, true);",
      "// A slow batch now and then, so the live view updates inside epochs.",
      "const slow = { onBatchEnd: async () => { await new Promise((r) => setTimeout(r, 40)); } };",
      "await model.fit(x, y, { epochs: 3, batchSize: 8, validationSplit: 0.25, callbacks: slow });",
    ].join("\n"),
  ]);
});
after(() => spec?.dispose());

test("fit's live figure: x is epochs completed, validation at each epoch's end, train inside epochs between them", () => {
  const [fit] = runs;
  assert.equal(fit.reply.status, "ok", JSON.stringify(fit.reply));
  const figures = fit.outputs
    .filter((o) => o.msg_type === "display_data" || o.msg_type === "update_display_data")
    .map((o) => (o.content.data as Record<string, unknown>)[plotlyMime] as Figure | undefined)
    .filter((f): f is Figure => f !== undefined);
  assert.ok(figures.length >= 2, `${figures.length} figures`);
  const last = figures[figures.length - 1];
  assert.equal(last.layout.xaxis?.title?.text, "epochs completed");
  assert.match(String(last.layout.title?.text), /train: mean over the epoch so far · validation: at the end of each epoch/);
  const train = last.data.find((t) => t.name === "loss")!;
  const val = last.data.find((t) => t.name === "val_loss")!;
  assert.deepEqual(val.x, [1, 2, 3]);
  for (const epoch of [1, 2, 3]) assert.ok(train.x.includes(epoch), `train has the value of epoch ${epoch}, at validation's x`);
  assert.ok(train.x.some((v) => v > 0 && v < 3 && !Number.isInteger(v)), `points inside epochs: ${train.x.join(", ")}`);
  assert.ok(train.x.every((v, i) => i === 0 || v > train.x[i - 1]), "in order");
});
