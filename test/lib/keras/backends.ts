/**
 * The backends every keras test runs its cases on: cpu (tfjs's reference kernels) and wasm (what
 * a notebook without a GPU gets), each started the way the kernel starts it (`backend.use`, which
 * also registers our own kernels), one `describe` per backend so a failure names its backend.
 */
import { after, before, describe } from "node:test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
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

/**
 * Inside a backend's suite: a fresh temporary folder for that suite alone (handed to `use` before
 * its tests), so one backend's saved files never meet the other's; removed when the suite ends.
 */
export function tempDirPerSuite(prefix: string, use: (dir: string) => void): void {
  let dir: string | undefined;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    use(dir);
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
}
