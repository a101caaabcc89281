import * as fs from "node:fs/promises";
import * as path from "node:path";
import { randomBytes } from "node:crypto";

/** Writes `file` whole or not at all: a temp file in the same folder, fsync, rename. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.tmp-${path.basename(file)}-${randomBytes(6).toString("hex")}`);
  const handle = await fs.open(tmp, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
  await syncDir(path.dirname(file));
}

/**
 * Makes folder `dir` appear whole: `fill` writes into a temp folder beside it (each file fsynced),
 * which is then renamed to `dir`. A process killed half-way leaves only a `.tmp-*` folder.
 */
export async function writeDirAtomic(dir: string, fill: (tmpDir: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(dir);
  await fs.mkdir(parent, { recursive: true });
  const tmp = path.join(parent, `.tmp-${path.basename(dir)}-${randomBytes(6).toString("hex")}`);
  await fs.mkdir(tmp);
  try {
    await fill(tmp);
    await syncDir(tmp);
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rename(tmp, dir);
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await syncDir(parent);
}

/** Writes one file in a folder being filled by writeDirAtomic, and fsyncs it. */
export async function writeSynced(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes the `.tmp-*` leftovers of writes a killed process did not finish. */
export async function removeTempLeftovers(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(".tmp-")) await fs.rm(path.join(dir, n), { recursive: true, force: true });
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, "r");
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on directories; the rename itself is still atomic.
  } finally {
    await handle.close();
  }
}
