/** HDF5 filter ids that h5wasm plus h5wasm-plugins can decode. */
const DECODABLE = new Map<number, string>([
  [1, "deflate (zlib)"],
  [2, "shuffle"],
  [3, "fletcher32"],
  [307, "bzip2"],
  [32000, "lzf"],
  [32001, "blosc"],
  [32004, "lz4"],
  [32008, "bitshuffle"],
  [32015, "zstd"],
  [32026, "blosc2"],
]);

const KNOWN_UNSUPPORTED = new Map<number, string>([
  [4, "szip"],
  [305, "lzo"],
]);

// Blosc's compressor codes (blosc.h: BLOSC_BLOSCLZ ... BLOSC_ZSTD), as PyTables stores them in cd_values[6].
const BLOSC_CODECS = ["blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"];

/**
 * Throws (with the reason) when `filters` holds one we cannot decode. Checked before any read:
 * HDF5 with a missing filter hands back uninitialised memory through h5wasm's high-level API, and
 * h5wasm-plugins' blosc aborts the whole wasm instance on its zlib codec (its `uncompress` symbol is
 * not linked), which would take the kernel down with it.
 */
export function checkFilters(filters: { id: number; name: string; cd_values: number[] }[]): void {
  for (const f of filters) {
    if (!DECODABLE.has(f.id)) {
      const name = KNOWN_UNSUPPORTED.get(f.id) ?? (f.name || "unknown");
      throw new Error(
        `compression filter ${f.id} (${name}) is not supported; supported: ${[...DECODABLE.values()].join(", ")}. ` +
          `Rewrite the file with complib='zlib' or 'blosc:lz4' (pandas to_hdf)`,
      );
    }
    if (f.id === 32001 && f.cd_values.length >= 7) {
      const codec = BLOSC_CODECS[f.cd_values[6]] ?? `code ${f.cd_values[6]}`;
      if (codec === "zlib" || !BLOSC_CODECS.includes(codec)) {
        throw new Error(
          `compression blosc:${codec} is not supported by the wasm blosc plugin (blosc:zlib would abort it); ` +
            `use blosc:lz4, blosc:zstd, blosc:blosclz or zlib. (blosc:snappy is let through: the filter reports its own failure)`,
        );
      }
    }
  }
}
