import type { CellMaps } from "./tslab_converter.js";
import { LineIndex, type Position } from "./source_map.js";
import { offsetBeforeInsertions, type Insertion } from "./text_edits.js";

/**
 * Every compiled cell the kernel ran, so that a stack frame in it names the cell and its own
 * TypeScript line. A cell's script ends with `//# sourceURL=tslab-keras-cell-<id>.js`, which V8
 * puts in its frames (tslab's vm script has no file name of its own). A frame's position goes
 * back through each step that made the script, newest first:
 *
 *   tslab's wrapper `(async function(exports, require) { ` (first line only)
 *   → our insertions (await guards, then shorthand fixes: text_edits offsets)
 *   → TypeScript's CommonJS step (source map) → tslab's emit of the cell (source map)
 *   → the cell file tslab checks, `export {};\n` + cell (one line less).
 *
 * Functions defined in an earlier cell keep that cell's URL, so their frames name that cell.
 */

export interface CellScript {
  /** How frames name the cell: the execution count, as IPython's `Cell In[3]`. */
  label: string;
  /** The TypeScript the user wrote. */
  source: string;
  /** Length of what tslab's executor puts before the script on its first line. */
  wrapperHead: number;
  maps: CellMaps;
  /** Applied in this order to the CommonJS output. */
  edits: Insertion[][];
  /** The CommonJS output and each edited version of it (edits[i] turns texts[i] into texts[i+1]). */
  texts: string[];
}

/** tslab's executor wraps a cell on the cell's first line; these are its two heads. */
export const WRAPPER_HEAD = { sync: "(function(exports, require) { ".length, async: "(async function(exports, require) { ".length };
/** tslab's cell file starts with `export {};` and a newline before the cell. */
const CELL_FILE_PREFIX_LINES = 1;

const URL_PREFIX = "tslab-keras-cell-";
const URL_PATTERN = /tslab-keras-cell-(\d+)\.js:(\d+):(\d+)/g;

interface Registered extends CellScript {
  indexes: LineIndex[];
  sourceIndex: LineIndex;
}

const scripts = new Map<number, Registered>();
let nextId = 1;

/** Registers a compiled cell; returns the comment to append to its script. */
export function registerCellScript(script: CellScript): string {
  const id = nextId++;
  scripts.set(id, { ...script, indexes: script.texts.map((t) => new LineIndex(t)), sourceIndex: new LineIndex(script.source) });
  return `\n//# sourceURL=${URL_PREFIX}${id}.js`;
}

export interface CellPosition {
  label: string;
  /** 1-based, as V8 and editors count. */
  line: number;
  column: number;
  lineText: string;
}

/** The cell position of a 1-based position V8 reported in script `id`; undefined in the wrapper. */
export function cellPosition(id: number, line: number, column: number): CellPosition | undefined {
  const s = scripts.get(id);
  if (!s) return undefined;
  let pos: Position = { line: line - 1, column: column - 1 };
  if (pos.line === 0) pos = { line: 0, column: pos.column - s.wrapperHead };
  if (pos.column < 0) return undefined;
  const last = s.indexes.length - 1;
  if (pos.line >= s.indexes[last].lineCount) return undefined; // tslab's closing line
  let offset = s.indexes[last].offset(pos);
  for (let i = s.edits.length - 1; i >= 0; i--) offset = offsetBeforeInsertions(s.edits[i], offset);
  const esm = s.maps.cjs.originalPosition(s.indexes[0].position(offset));
  if (!esm) return undefined;
  const ts = s.maps.esm.originalPosition(esm);
  if (!ts) return undefined;
  const cellLine = ts.line - CELL_FILE_PREFIX_LINES;
  if (cellLine < 0 || cellLine >= s.sourceIndex.lineCount) return undefined;
  return { label: s.label, line: cellLine + 1, column: ts.column + 1, lineText: s.sourceIndex.lineText(cellLine) };
}

/**
 * A stack's frame lines with cell positions as `<cell 3>:2:9`, each followed by that line of the
 * cell and a caret under the column, as IPython shows the line under `Cell In[3], line 2`.
 * Frames inside tslab's wrapper of a cell (no line of the cell) are dropped: they are plumbing.
 */
export function mapCellFrames(frames: readonly string[]): string[] {
  const out: string[] = [];
  for (const frame of frames) {
    let shown: CellPosition | undefined;
    let inWrapper = false;
    const mapped = frame.replace(URL_PATTERN, (all, id: string, line: string, column: string) => {
      const p = cellPosition(Number(id), Number(line), Number(column));
      if (!p) {
        if (scripts.has(Number(id))) inWrapper = true;
        return all;
      }
      shown ??= p;
      return `<cell ${p.label}>:${p.line}:${p.column}`;
    });
    if (inWrapper && !shown) continue;
    // A function of an earlier cell is called as `exports.f()`, and `exports` is tslab's Proxy.
    out.push(shown ? mapped.replace(/^(\s+at (?:async )?)Proxy\./, "$1") : mapped);
    if (shown) out.push(...codeUnder(shown));
  }
  return out;
}

function codeUnder(p: CellPosition): string[] {
  const number = String(p.line);
  const pad = " ".repeat(number.length);
  const text = p.lineText.replace(/\t/g, " ");
  return [`      ${number} | ${text}`, `      ${pad} | ${" ".repeat(Math.max(0, p.column - 1))}^`];
}
