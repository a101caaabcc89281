import * as fs from "node:fs";
import * as path from "node:path";
import { SourceMap, takeInlineSourceMap } from "./source_map.js";

/**
 * tslab's converter (its own file, not a fork), loaded as a private module instance whose
 * `require("@tslab/typescript-for-tslab")` gets TypeScript with three changes:
 *
 * - Its watch program emits an inline source map (cell → the ES module JavaScript tslab makes),
 *   and its CommonJS step (`transpileModule`) one more (ES module → CommonJS). tslab keeps
 *   neither; we take both, so a traceback can name the cell's own lines (cell_scripts.ts).
 * - Pre-emit diagnostics leave out declaration emit's. tslab writes a declarations file only to
 *   carry a cell's names to later cells, and refuses the cell when a name's inferred type cannot
 *   be written there: `const fs = await import("fs")` failed with "has or is using name
 *   'ReadStreamOptions' ... but cannot be named". That file is ours alone, never published, so
 *   its portability does not matter: TypeScript still writes the type (reaching into the package
 *   by its path where needed), and the one part it cannot name — a name private to a module or a
 *   function — reads as `any` there, since tslab checks declaration files with skipLibCheck.
 *
 * TypeScript's exports are non-configurable getters, so a Proxy (not patching) gives the changes.
 */

type TS = typeof import("@tslab/typescript-for-tslab");
type ConverterModule = typeof import("tslab/dist/converter");

/** The two maps of one emitted cell: TypeScript → ES module → CommonJS. */
export interface CellMaps {
  esm: SourceMap;
  cjs: SourceMap;
}

/** tslab names the compiled cell `__tslab__.js`; side files in the notebook's folder keep theirs. */
const CELL_OUTPUT = "__tslab__.js";

export interface MappedConverter {
  createConverter: ConverterModule["createConverter"];
  /** The maps of the cell `convert` last emitted, once: undefined when it emitted no cell. */
  takeCellMaps(): CellMaps | undefined;
}

type BuilderProgram = import("@tslab/typescript-for-tslab").BuilderProgram;
type WatchHost = { afterProgramCreate?: (b: BuilderProgram) => void };

/**
 * TypeScript writes no declarations file for a cell whose declarations have errors unless its
 * emit is forced (`forceDtsEmit`, the internal sixth argument of `Program.emit`). tslab sets
 * `afterProgramCreate` after it made the host; each program the watch makes passes through here.
 */
function forceDeclarations(host: WatchHost): WatchHost {
  let tslabHook: ((b: BuilderProgram) => void) | undefined;
  Object.defineProperty(host, "afterProgramCreate", {
    configurable: true,
    set(hook: (b: BuilderProgram) => void) {
      tslabHook = hook;
    },
    get() {
      return (b: BuilderProgram) => {
        const program = b.getProgram() as unknown as { emit: (...a: unknown[]) => unknown };
        const emit = program.emit.bind(program);
        program.emit = (file, write, cancel, onlyDts, transformers) => emit(file, write, cancel, onlyDts, transformers, true);
        tslabHook?.(b);
      };
    },
  });
  return host;
}

export function loadMappedConverter(ts: TS): MappedConverter {
  let cellMaps: CellMaps | undefined;
  const hooked = new Proxy(ts, {
    get(target, key, receiver) {
      switch (key) {
        case "__esModule":
          return true; // tslab's __importStar then uses this object as it is
        case "createWatchCompilerHost":
          return (roots: string[], options: import("@tslab/typescript-for-tslab").CompilerOptions, ...rest: unknown[]) =>
            forceDeclarations((target.createWatchCompilerHost as (...a: unknown[]) => WatchHost)(roots, { ...options, sourceMap: false, inlineSourceMap: true, inlineSources: false }, ...rest));
        case "transpileModule":
          return (input: string, transpileOptions: import("@tslab/typescript-for-tslab").TranspileOptions) => {
            const { code, map } = takeInlineSourceMap(input);
            const out = target.transpileModule(code, {
              ...transpileOptions,
              compilerOptions: { ...transpileOptions.compilerOptions, sourceMap: true, inlineSourceMap: false },
            });
            if (map && map.raw.file === CELL_OUTPUT && out.sourceMapText) cellMaps = { esm: map, cjs: SourceMap.parse(out.sourceMapText) };
            return { ...out, outputText: takeInlineSourceMap(out.outputText).code };
          };
        case "getPreEmitDiagnosticsOfFiles":
          return (program: import("@tslab/typescript-for-tslab").Program, files: readonly import("@tslab/typescript-for-tslab").SourceFile[]) => {
            const diagnostics = [...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
            for (const f of files) diagnostics.push(...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f));
            return target.sortAndDeduplicateDiagnostics(diagnostics);
          };
        default:
          return Reflect.get(target, key, receiver);
      }
    },
  });

  const file = require.resolve("tslab/dist/converter");
  type CompilableModule = NodeModule & { _compile(code: string, filename: string): void };
  const NodeModule = require("node:module") as { new (id: string, parent?: NodeModule): CompilableModule; _nodeModulePaths(dir: string): string[] };
  const mod = new NodeModule(file, module);
  mod.filename = file;
  mod.paths = NodeModule._nodeModulePaths(path.dirname(file));
  const plainRequire = mod.require.bind(mod);
  mod.require = Object.assign((id: string) => (id === "@tslab/typescript-for-tslab" ? hooked : plainRequire(id)), plainRequire);
  mod._compile(fs.readFileSync(file, "utf8"), file);
  const converter = mod.exports as ConverterModule;
  return {
    createConverter: converter.createConverter,
    takeCellMaps() {
      const maps = cellMaps;
      cellMaps = undefined;
      return maps;
    },
  };
}
