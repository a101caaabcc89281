/** Any failure reading a pandas HDF5 file: names the file, the key and what went wrong. */
export class HdfReadError extends Error {
  constructor(
    readonly file: string,
    readonly key: string | undefined,
    readonly reason: string,
  ) {
    super(`readHdf: cannot read ${key === undefined ? "" : `key '${key}' of `}${file}: ${reason}`);
    this.name = "HdfReadError";
  }
}
