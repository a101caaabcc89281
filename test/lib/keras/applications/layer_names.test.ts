import { test } from "node:test";
import * as assert from "node:assert/strict";
import { kerasAutoName, resetKerasAutoNames } from "../../../../lib/keras/applications/layer_names.js";

test("Keras's uniquify: the first name is bare, then _1, _2 per prefix", () => {
  resetKerasAutoNames();
  assert.deepEqual(
    [kerasAutoName("conv2d"), kerasAutoName("conv2d"), kerasAutoName("add"), kerasAutoName("conv2d")],
    ["conv2d", "conv2d_1", "add", "conv2d_2"],
  );
  resetKerasAutoNames();
  assert.equal(kerasAutoName("conv2d"), "conv2d");
});
