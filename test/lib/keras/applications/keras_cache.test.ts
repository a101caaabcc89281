import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as os from "node:os";
import * as path from "node:path";
import { kerasModelsFile } from "../../../../lib/keras/applications/keras_cache.js";

test("the Keras cache is $KERAS_HOME/models or ~/.keras/models", () => {
  const saved = process.env["KERAS_HOME"];
  try {
    delete process.env["KERAS_HOME"];
    assert.equal(kerasModelsFile("x.h5"), path.join(os.homedir(), ".keras", "models", "x.h5"));
    process.env["KERAS_HOME"] = "/data/keras";
    assert.equal(kerasModelsFile("x.h5"), "/data/keras/models/x.h5");
  } finally {
    if (saved === undefined) delete process.env["KERAS_HOME"];
    else process.env["KERAS_HOME"] = saved;
  }
});
