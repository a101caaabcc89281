/**
 * Source Map v3, the part a traceback needs: decode `mappings` and look a generated position up.
 * Lines and columns are 0-based here, as in the format; V8's stack frames are 1-based.
 */

export interface Position {
  line: number;
  column: number;
}

/** One mapped segment: where it starts in the generated line, and where it came from. */
interface Segment {
  column: number;
  source: number;
  line: number;
  sourceColumn: number;
}

export interface RawSourceMap {
  version: number;
  file?: string;
  sources: string[];
  mappings: string;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i;

export class SourceMap {
  private readonly lines: Segment[][];

  constructor(readonly raw: RawSourceMap) {
    if (raw.version !== 3) throw new Error(`source map version ${raw.version}: only version 3 is read`);
    this.lines = decodeMappings(raw.mappings);
  }

  static parse(json: string): SourceMap {
    return new SourceMap(JSON.parse(json) as RawSourceMap);
  }

  /**
   * Where generated `pos` came from: the segment that starts at or before it on its line (the
   * greatest lower bound, as browsers' devtools look positions up). Undefined before a line's
   * first segment, and on lines the map says nothing of (code the compiler made up).
   */
  originalPosition(pos: Position): (Position & { source: string }) | undefined {
    const segments = this.lines[pos.line];
    if (!segments || segments.length === 0) return undefined;
    let lo = 0;
    let hi = segments.length - 1;
    if (segments[0].column > pos.column) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid].column <= pos.column) lo = mid;
      else hi = mid - 1;
    }
    const s = segments[lo];
    if (s.source < 0) return undefined;
    return { source: this.raw.sources[s.source], line: s.line, column: s.sourceColumn };
  }
}

/** `mappings` → per generated line, its segments in column order (fields are deltas, VLQ-coded). */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  let i = 0;
  const n = mappings.length;
  while (i <= n) {
    const c = i < n ? mappings.charCodeAt(i) : 59; // ';' closes the last line
    if (c === 59) {
      lines.push(line);
      line = [];
      i++;
      if (i > n) break;
      continue;
    }
    // One segment: 1, 4 or 5 VLQ fields, up to the next ',' or ';'.
    const fields: number[] = [];
    while (i < n && mappings.charCodeAt(i) !== 44 && mappings.charCodeAt(i) !== 59) {
      let value = 0;
      let shift = 0;
      for (;;) {
        const d = DIGIT[mappings.charCodeAt(i++)];
        if (d === undefined || d < 0) throw new Error(`source map: bad base64 digit at ${i - 1}`);
        value += (d & 31) * 2 ** shift;
        shift += 5;
        if ((d & 32) === 0) break;
      }
      fields.push(value & 1 ? -(value - 1) / 2 : value / 2);
    }
    if (mappings.charCodeAt(i) === 44) i++;
    if (fields.length === 0) continue;
    const column = (line.length > 0 ? line[line.length - 1].column : 0) + fields[0];
    if (fields.length >= 4) {
      source += fields[1];
      sourceLine += fields[2];
      sourceColumn += fields[3];
      line.push({ column, source, line: sourceLine, sourceColumn });
    } else {
      line.push({ column, source: -1, line: -1, sourceColumn: -1 });
    }
  }
  for (const segs of lines) segs.sort((a, b) => a.column - b.column);
  return lines;
}

const INLINE_MAP = /\n?\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/;
const URL_COMMENT = /\n?\/\/# sourceMappingURL=[^\n]*\s*$/;

/** Splits compiled code from the inline source map TypeScript appends (`inlineSourceMap`). */
export function takeInlineSourceMap(js: string): { code: string; map?: SourceMap } {
  const m = INLINE_MAP.exec(js);
  if (!m) return { code: js.replace(URL_COMMENT, "") };
  return { code: js.slice(0, m.index), map: SourceMap.parse(Buffer.from(m[1], "base64").toString("utf8")) };
}

/** Line and column (0-based) of a UTF-16 offset, and back. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  offset(pos: Position): number {
    return (this.starts[pos.line] ?? this.text.length) + pos.column;
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - this.starts[lo] };
  }

  lineText(line: number): string {
    const start = this.starts[line];
    if (start === undefined) return "";
    const end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, "");
  }
}
