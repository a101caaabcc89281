import { test } from "node:test";
import { backend } from "../../../../lib/backend/index.js";
import { withTfjsCpuKernels } from "../../../../lib/backend/kernels/register.js";
import { poolCases } from "./pool_cases.js";
import { assertMatches, numpyPool, poolAndGradient } from "./pool_reference.js";

const reference = numpyPool(poolCases);

for (const name of ["cpu", "wasm"] as const) {
  test(`pooling and its gradient on ${name} (our kernels) are TensorFlow's (numpy reference)`, async (t) => {
    await backend.use(name);
    for (const [i, c] of poolCases.entries()) {
      await t.test(c.name, async () => assertMatches(await poolAndGradient(c), reference[i]!, `${name}: ${c.name}`));
    }
  });
}

test("withTfjsCpuKernels keeps our pooling kernels: tfjs's cpu ones are wrong, so ours are the reference", async () => {
  await backend.use("cpu");
  const c = poolCases[0]!;
  const inReference = await withTfjsCpuKernels(() => poolAndGradient(c));
  assertMatches(inReference, reference[0]!, `reference: ${c.name}`);
});
