import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { KernelClient } from "../../kernel/client.js";
import { bareFolder, ourKernelArgv, resultText } from "../helpers/kernel.js";

/**
 * A kernel launcher that fails the way a kernel does when another process took one of its ports
 * between the client choosing it and the kernel binding it (two notebooks starting side by side),
 * `failures` times, then starts the real kernel on the connection file it was given.
 */
function flakyLauncher(dir: string, failures: number): { argv: string[]; counter: string } {
  const counter = path.join(dir, "attempts");
  const script = path.join(dir, "launcher.js");
  const [cmd, ...args] = ourKernelArgv();
  fs.writeFileSync(
    script,
    `const fs = require("fs");
const { spawn } = require("child_process");
const n = fs.existsSync(${JSON.stringify(counter)}) ? Number(fs.readFileSync(${JSON.stringify(counter)}, "utf8")) : 0;
fs.writeFileSync(${JSON.stringify(counter)}, String(n + 1));
if (n < ${failures}) { console.error("tslab-keras: Address already in use"); process.exit(1); }
const args = ${JSON.stringify(args)}.map((a) => a.replace("{connection_file}", process.argv[2]));
const child = spawn(${JSON.stringify(cmd)}, args, { stdio: "inherit" });
process.on("SIGINT", () => child.kill("SIGINT"));
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code) => process.exit(code ?? 1));
`,
  );
  return { argv: [process.execPath, script, "{connection_file}"], counter };
}

test("launch chooses fresh ports when the kernel could not bind the ones it was given", async () => {
  const dir = bareFolder("tslab-keras-launch-");
  const { argv, counter } = flakyLauncher(dir, 2);
  const client = await KernelClient.launch({ argv, cwd: dir });
  try {
    assert.equal(fs.readFileSync(counter, "utf8"), "3", "two refused starts, then the kernel");
    assert.equal(resultText(await client.execute("1 + 1")), "2");
  } finally {
    await client.shutdown();
  }
});

test("launch gives up after its attempts and says why; other start failures are not retried", async () => {
  const dir = bareFolder("tslab-keras-launch-");
  const { argv, counter } = flakyLauncher(dir, 100);
  await assert.rejects(KernelClient.launch({ argv, cwd: dir }, 3), /Address already in use/);
  assert.equal(fs.readFileSync(counter, "utf8"), "3");
  const broken = path.join(dir, "broken.js");
  fs.writeFileSync(broken, `console.error("something else"); process.exit(1);`);
  await assert.rejects(KernelClient.launch({ argv: [process.execPath, broken, "{connection_file}"], cwd: dir }), /something else/);
});
