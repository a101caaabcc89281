import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { parseServeArgs } from "../../kernel/serve_command.js";

test("parseServeArgs takes our flags and TF-Serving's spellings, and names bad ones", () => {
  assert.deepEqual(parseServeArgs(["models/x", "--model-name", "x"]), { basePath: "models/x", modelName: "x", port: 8501, host: "127.0.0.1", pollSeconds: 1 });
  assert.deepEqual(parseServeArgs(["--model_base_path=/m", "--model_name=m", "--rest_api_port=9000", "--host", "0.0.0.0"]), { basePath: "/m", modelName: "m", port: 9000, host: "0.0.0.0", pollSeconds: 1 });
  assert.throws(() => parseServeArgs(["--model-name", "x"]), /MODEL_BASE_PATH is missing/);
  assert.throws(() => parseServeArgs(["m"]), /--model-name is required/);
  assert.throws(() => parseServeArgs(["m", "--model-name", "x", "--port", "http"]), /--port must be/);
  assert.throws(() => parseServeArgs(["m", "--model-name", "x", "--verbose", "1"]), /unknown option --verbose/);
});

test("serveCommand serves a base path over HTTP until SIGTERM", async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "serve-cmd-"));
  try {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: "ones", useBias: false })] });
    fs.mkdirSync(path.join(base, "3"));
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        fs.writeFileSync(path.join(base, "3", "weights.bin"), Buffer.from(a.weightData as ArrayBuffer));
        fs.writeFileSync(path.join(base, "3", "model.json"), JSON.stringify({ modelTopology: a.modelTopology, weightsManifest: [{ paths: ["weights.bin"], weights: a.weightSpecs }] }));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    const script = `require(${JSON.stringify(path.join(__dirname, "..", "..", "kernel", "serve_command.js"))}).serveCommand(process.argv.slice(1)).then(() => console.log("stopped"))`;
    const child = spawn(process.execPath, ["-e", script, base, "--model-name", "sum", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
      child.stdout.on("data", () => {
        const m = /REST API at (\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1\/models\/sum$/);
    assert.match(out, /versions 3/);
    const res = await fetch(`${url}:predict`, { method: "POST", body: JSON.stringify({ instances: [[1, 2]] }) });
    assert.deepEqual(await res.json(), { predictions: [[3]] });
    child.kill("SIGTERM");
    const code = await new Promise((r) => child.once("exit", r));
    assert.equal(code, 0);
    assert.match(out, /stopped/);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
