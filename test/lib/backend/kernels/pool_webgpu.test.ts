import { test } from "node:test";
import { backend } from "../../../../lib/backend/index.js";
import { poolCases } from "./pool_cases.js";
import { assertMatches, numpyPool, poolAndGradient } from "./pool_reference.js";

test("pooling and its gradient on webgpu (our kernels) are TensorFlow's (numpy reference)", { timeout: 120_000 }, async (t) => {
  const reference = numpyPool(poolCases);
  await backend.use("webgpu");
  for (const [i, c] of poolCases.entries()) {
    await t.test(c.name, async () => assertMatches(await poolAndGradient(c), reference[i]!, `webgpu: ${c.name}`));
  }
  await backend.use("cpu");
});
