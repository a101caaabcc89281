import assert from "node:assert/strict";
import * as path from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import type { KernelClient } from "../../kernel/client.js";
import { startKernel } from "../helpers/kernel.js";
import { repoRoot } from "../helpers/paths.js";
import { gaps } from "./gaps.js";

/**
 * Every gap check must fail on plain tslab (the same client, the same cells): a check that
 * passed there would not be testing the gap it names.
 */
describe("plain tslab fails every gap check", () => {
  // A fresh tslab per check: tslab's own failures (a wedged cell, an aborted queue) must not
  // make a later check fail for a reason other than its gap.
  let k: KernelClient | undefined;
  const start = () => startKernel([process.execPath, path.join(repoRoot, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"], repoRoot);
  beforeEach(async () => {
    k = await start();
  });
  afterEach(async () => {
    await k?.shutdown();
  });

  for (const [name, check] of Object.entries(gaps)) {
    test(`tslab has the gap: ${name}`, async (t) => {
      const outcome = await Promise.race([check(k!).then(() => "passed", (e: Error) => `failed: ${e.message}`), new Promise<string>((r) => setTimeout(() => r("failed: timed out"), 12_000))]);
      assert.match(outcome, /^failed/, `the check passed on plain tslab, so it does not test its gap`);
      t.diagnostic(outcome.split("\n").slice(0, 3).join(" | "));
    });
  }
});
