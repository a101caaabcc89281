import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { isCompleteModelDir, loadModelDir } from "./load_model_dir.js";

export interface ServedVersion {
  version: number;
  model: tf.LayersModel;
}

/**
 * The versions of one model, TF-Serving's way: numbered folders under a base path, the highest
 * one served by default, the folder polled so a newly exported version is picked up without a
 * restart (TF-Serving's `file_system_poll_wait_seconds`). A version that fails to load is
 * reported and skipped; the versions already served stay up.
 */
export class ModelRepository {
  private readonly versions = new Map<number, ServedVersion>();
  private readonly failed = new Map<number, string>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  private constructor(readonly basePath: string | undefined, private readonly onError: (message: string) => void) {}

  /** A repository holding one in-memory model as version 1. */
  static fromModel(model: tf.LayersModel, version = 1): ModelRepository {
    const repo = new ModelRepository(undefined, () => {});
    repo.versions.set(version, { version, model });
    return repo;
  }

  /** Loads every complete numbered version under `basePath` and polls it every `pollIntervalMs` (0: never). */
  static async fromBasePath(basePath: string, pollIntervalMs: number, onError: (message: string) => void): Promise<ModelRepository> {
    const stat = await fs.stat(basePath).catch(() => undefined);
    if (!stat?.isDirectory()) throw new Error(`model base path ${basePath} is not a folder`);
    const repo = new ModelRepository(path.resolve(basePath), onError);
    await repo.poll();
    if (repo.versions.size === 0) {
      const why = [...repo.failed].map(([v, m]) => `version ${v}: ${m}`).join("; ");
      throw new Error(`no servable version under ${basePath}: expected numbered folders (1/, 2/, ...) each holding model.json${why ? ` (${why})` : ""}`);
    }
    if (pollIntervalMs > 0) {
      repo.timer = setInterval(() => void repo.poll(), pollIntervalMs);
      repo.timer.unref();
    }
    return repo;
  }

  /** Scans the base path once; concurrent calls share one scan. */
  poll(): Promise<void> {
    if (this.basePath === undefined) return Promise.resolve();
    this.polling ??= this.scan().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async scan(): Promise<void> {
    const entries = await fs.readdir(this.basePath!, { withFileTypes: true }).catch((e: Error) => {
      this.onError(`cannot list ${this.basePath}: ${e.message}`);
      return [];
    });
    const onDisk = new Set<number>();
    for (const entry of entries) {
      if (!entry.isDirectory() || !/^\d+$/.test(entry.name)) continue;
      const version = Number(entry.name);
      onDisk.add(version);
      if (this.versions.has(version) || this.failed.has(version)) continue;
      const dir = path.join(this.basePath!, entry.name);
      // An export still being written is skipped until all its files are there.
      if (!(await isCompleteModelDir(dir))) continue;
      try {
        this.versions.set(version, { version, model: await loadModelDir(dir) });
      } catch (e) {
        const message = (e as Error).message;
        this.failed.set(version, message);
        this.onError(`version ${version} failed to load: ${message}`);
      }
    }
    // TF-Serving's default version policy serves the latest; a removed folder is unloaded.
    for (const [version, served] of this.versions) {
      if (!onDisk.has(version)) {
        this.versions.delete(version);
        served.model.dispose();
      }
    }
  }

  /** The highest version, or the one asked for; undefined when not loaded. */
  get(version?: number): ServedVersion | undefined {
    if (version !== undefined) return this.versions.get(version);
    const latest = this.latestVersion();
    return latest === undefined ? undefined : this.versions.get(latest);
  }

  latestVersion(): number | undefined {
    let best: number | undefined;
    for (const v of this.versions.keys()) if (best === undefined || v > best) best = v;
    return best;
  }

  loadedVersions(): number[] {
    return [...this.versions.keys()].sort((a, b) => b - a);
  }

  close(disposeModels: boolean): void {
    if (this.timer) clearInterval(this.timer);
    if (disposeModels) for (const { model } of this.versions.values()) model.dispose();
    this.versions.clear();
  }
}
