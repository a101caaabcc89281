import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { checkClassifierActivation, checkWeightsOption, resolveWeightsFile } from "../../../../lib/keras/applications/weights.js";
import { makeTempDir } from "./fixtures.js";

test("checkWeightsOption accepts null, imagenet and existing files only", () => {
  const dir = makeTempDir("weights");
  try {
    const file = path.join(dir, "w.h5");
    fs.writeFileSync(file, "");
    assert.equal(checkWeightsOption("Net", null), null);
    assert.equal(checkWeightsOption("Net", "imagenet"), "imagenet");
    assert.equal(checkWeightsOption("Net", file), file);
    assert.throws(() => checkWeightsOption("Net", dir), /Net: weights must be null .* \(no such file\)/);
    assert.throws(() => checkWeightsOption("Net", undefined), /received weights=undefined/);
    assert.throws(() => checkWeightsOption("Net", "ImageNet"), /no such file/);
    assert.equal(resolveWeightsFile("Net", null, "net.h5"), null);
    process.env["KERAS_HOME"] = dir;
    assert.throws(() => resolveWeightsFile("Net", "imagenet", "net.h5"), new RegExp(`Put it at ${path.join(dir, "models", "net.h5")}`));
  } finally {
    delete process.env["KERAS_HOME"];
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("pre-trained weights allow only softmax or no classifier activation", () => {
  checkClassifierActivation("Net", "relu", null);
  checkClassifierActivation("Net", "softmax", "imagenet");
  checkClassifierActivation("Net", null, "/w.h5");
  assert.throws(() => checkClassifierActivation("Net", "sigmoid", "imagenet"), /must be "softmax" or null; received classifierActivation="sigmoid"/);
});
