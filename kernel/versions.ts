import * as fs from "node:fs";
import * as path from "node:path";
import { packageRoot } from "./anywhere.js";

/** Versions read from the installed packages' package.json, not hard-coded. */
export function packageVersion(name: string): string {
  for (const base of [packageRoot, process.cwd()]) {
    try {
      const file = require.resolve(`${name}/package.json`, { paths: [base] });
      return JSON.parse(fs.readFileSync(file, "utf8")).version as string;
    } catch {
      // try the next place, then say unknown
    }
  }
  try {
    // Packages whose "exports" hide package.json: walk from their main file.
    let dir = path.dirname(require.resolve(name, { paths: [packageRoot] }));
    for (;;) {
      const f = path.join(dir, "package.json");
      if (fs.existsSync(f)) {
        const pkg = JSON.parse(fs.readFileSync(f, "utf8"));
        if (pkg.name === name) return pkg.version as string;
      }
      if (path.dirname(dir) === dir) break;
      dir = path.dirname(dir);
    }
  } catch {
    // fall through
  }
  return "unknown";
}

export function ourVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")).version as string;
}
