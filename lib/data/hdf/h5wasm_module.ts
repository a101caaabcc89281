import * as path from "node:path";

/** h5wasm's high-level module and its emscripten Module, loaded once with the compression plugins. */
type H5wasmPackage = typeof import("h5wasm/node", { with: { "resolution-mode": "import" } });
export interface H5wasm {
  h5wasm: H5wasmPackage["default"];
  Module: Awaited<H5wasmPackage["default"]["ready"]>;
}

let loading: Promise<H5wasm> | undefined;

// h5wasm is ESM-only: node16 module resolution keeps this a real dynamic import in CommonJS output.
export function loadH5wasm(): Promise<H5wasm> {
  loading ??= (async () => {
    const h5wasm = (await import("h5wasm/node")).default;
    const Module = await h5wasm.ready;
    // The plugins are .so side modules read from disk by HDF5's own plugin search: point it at the
    // package's folder instead of copying them (their install_plugins uses fetch, not Node files).
    const pluginDir = path.join(path.dirname(require.resolve("h5wasm-plugins/package.json")), "plugins");
    if (!Module.get_plugin_search_paths().includes(pluginDir)) Module.insert_plugin_search_path(pluginDir, 0);
    return { h5wasm, Module };
  })();
  return loading;
}
