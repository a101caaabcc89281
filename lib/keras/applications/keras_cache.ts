/**
 * Keras's download cache, where Python Keras keeps the files `keras.applications` uses
 * (keras/src/utils/file_utils.py `get_file`, `cache_subdir="models"`): `$KERAS_HOME/models/` when
 * KERAS_HOME is set, else `~/.keras/models/`. tslab-keras reads it and never downloads into it.
 */
import * as os from "node:os";
import * as path from "node:path";

/** `$KERAS_HOME` or `~/.keras`. */
export function kerasCacheDir(): string {
  const home = process.env["KERAS_HOME"];
  return home !== undefined && home !== "" ? home : path.join(os.homedir(), ".keras");
}

/** Where Keras's `get_file(fileName, cache_subdir="models")` keeps a file. */
export function kerasModelsFile(fileName: string): string {
  return path.join(kerasCacheDir(), "models", fileName);
}
