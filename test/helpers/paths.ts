import * as path from "node:path";
import * as fs from "node:fs";

/** The repository root, found from the compiled test file (dist/test/..., or a dist-NAME build folder). */
export const repoRoot: string = findRoot(__dirname);

/** `shared/` sits beside the checkout (developers: /work/shared; CI: a copy beside the clone). */
export const sharedDir: string = path.resolve(repoRoot, "..", "shared");

/** Real pandas-written HDF5 files and pandas' own reading of them. */
export const hdfFixtures: string = path.join(sharedDir, "fixtures", "hdf");

/** Where tests keep artifacts a person may want to look at (screenshots, executed notebooks). */
export const artifactsDir: string = path.join(repoRoot, "test-artifacts");

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "tslab-keras") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`tslab-keras package.json not found above ${start}`);
    dir = parent;
  }
}
