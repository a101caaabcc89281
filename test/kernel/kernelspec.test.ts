import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { cliPath } from "../helpers/kernel.js";
import { installTempKernelspec, jupyter } from "../helpers/jupyter.js";

test("install --prefix writes a kernelspec Jupyter lists, with absolute argv and logos; uninstall removes it", () => {
  const spec = installTempKernelspec();
  try {
    const dir = path.join(spec.prefix, "share", "jupyter", "kernels", "tslab-keras");
    const kj = JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8"));
    assert.equal(kj.display_name, "TypeScript (Keras)");
    assert.equal(kj.language, "typescript");
    const [node, ...rest] = kj.argv as string[];
    const files = [node, rest.find((a) => a.endsWith("cli.js"))!];
    assert.ok(files.every((a) => a && path.isAbsolute(a) && fs.existsSync(a)), JSON.stringify(kj.argv));
    assert.deepEqual(rest.slice(-2), ["kernel", "{connection_file}"]);
    for (const logo of ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"]) assert.ok(fs.statSync(path.join(dir, logo)).size > 100, logo);
    const png = fs.readFileSync(path.join(dir, "logo-64x64.png"));
    assert.equal(png.readUInt32BE(16), 64, "the 64x64 logo is 64 px wide");

    const listed = JSON.parse(execFileSync(jupyter, ["kernelspec", "list", "--json"], { env: spec.env, encoding: "utf8" }));
    assert.equal(listed.kernelspecs["tslab-keras"]?.resource_dir, dir);
    assert.equal(listed.kernelspecs["tslab-keras"].spec.display_name, "TypeScript (Keras)");

    execFileSync(process.execPath, [cliPath, "uninstall", "--prefix", spec.prefix], { encoding: "utf8" });
    assert.ok(!fs.existsSync(dir));
    const after = JSON.parse(execFileSync(jupyter, ["kernelspec", "list", "--json"], { env: spec.env, encoding: "utf8" }));
    assert.equal(after.kernelspecs["tslab-keras"], undefined);
  } finally {
    spec.dispose();
  }
});

test("install rejects unknown and conflicting options with a message naming them", () => {
  for (const args of [["--bogus"], ["--user", "--prefix", "/tmp/x"]]) {
    let err = "";
    try {
      execFileSync(process.execPath, [cliPath, "install", ...args], { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      err = String((e as { stderr: string }).stderr);
    }
    assert.match(err, args[0] === "--bogus" ? /unknown option "--bogus"/ : /choose one of --user, --prefix/);
  }
});
