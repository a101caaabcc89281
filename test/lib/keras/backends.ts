/**
 * The backends every keras test runs its cases on: cpu (tfjs's reference kernels) and wasm (what
 * a notebook without a GPU gets), each started the way the kernel starts it (`backend.use`, which
 * also registers our own kernels), one `describe` per backend so a failure names its backend.
 */
import { before, describe } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { backend } from "../../../lib/backend/index.js";

export const KERAS_TEST_BACKENDS = ["cpu", "wasm"] as const;
export type KerasTestBackend = (typeof KERAS_TEST_BACKENDS)[number];

export function onBackends(body: (name: KerasTestBackend) => void, names: readonly KerasTestBackend[] = KERAS_TEST_BACKENDS): void {
  for (const name of names) {
    describe(`on ${name}`, () => {
      before(async () => {
        await backend.use(name);
        assert.equal(tf.getBackend(), name);
      });
      body(name);
    });
  }
}

/** Cases whose outcome no kernel decides (argument checks, names, file layouts): cpu only. */
export function onCpuOnly(body: (name: KerasTestBackend) => void): void {
  onBackends(body, ["cpu"]);
}
