import * as fs from "node:fs";

/**
 * RFC 4180 record splitter over a file read in chunks: fields separated by `delimiter`, records by
 * LF or CRLF (or CR), fields optionally quoted with `quote` (doubled inside to escape it; may hold
 * delimiters and newlines). After `next()` returns true the current record's fields are bytes
 * [starts[k], ends[k]) of `buf`, with quoted[k] = 0 (plain), 1 (quoted), 2 (quoted, holds "").
 *
 * `reset(start, limit)` reads only the records that start in [start, limit) of the file: how
 * threads share one file (see `recordStartAtOrAfter`).
 */
export class CsvRecords {
  buf: Buffer;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  quoted = new Uint8Array(64);
  count = 0;
  /** 1-based line of the file where the current record starts. */
  line = 0;
  /** Bytes of the file consumed so far (for progress). */
  consumed = 0;
  private len = 0;
  private pos = 0;
  private latin1: string | undefined;
  private eof = false;
  private nextLine = 1;
  private filePos = 0;
  private limit = Infinity;

  constructor(
    private readonly fd: number,
    private readonly delimiter: number,
    private readonly quote: number,
    chunkBytes = 4 * 2 ** 20,
  ) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
  }

  /**
   * The buffered bytes as one latin-1 string, made once per chunk: V8 parses a substring of it in
   * Number() far faster than it makes a fresh string per token.
   */
  get text(): string {
    return (this.latin1 ??= this.buf.toString("latin1", 0, this.len));
  }

  /** Starts over at byte `start` (taken as a record start), reading the records that start before `limit`. */
  reset(start: number, limit: number, firstLine = 1): void {
    this.pos = 0;
    this.len = 0;
    this.eof = false;
    this.latin1 = undefined;
    this.filePos = start;
    this.consumed = start;
    this.limit = limit;
    this.nextLine = firstLine;
    this.line = 0;
    this.count = 0;
  }

  /**
   * Where the next record starts (after `next()` returned false: the first record start at or
   * after the limit, or the size of the file).
   */
  get position(): number {
    return this.filePos - (this.len - this.pos);
  }

  /** The line number the next record starts on (what `reset` takes to continue the count). */
  get nextLineNumber(): number {
    return this.nextLine;
  }

  /** Moves to the next record; false at the end of the file (or of the range given to `reset`). */
  next(): boolean {
    for (;;) {
      if (this.pos >= this.len && this.eof) return false;
      if (this.position >= this.limit) return false;
      const r = this.scan();
      if (r === 1) return true;
      if (r === 2) continue; // blank line skipped
      if (this.eof) throw new Error("internal: scan needs more data at end of file");
      this.fill();
    }
  }

  /** 1: a record; 2: a blank line; 0: the record runs past the buffered bytes. */
  private scan(): number {
    const b = this.buf;
    const len = this.len;
    const d = this.delimiter;
    const q = this.quote;
    let i = this.pos;
    let count = 0;
    let newlines = 0;
    for (;;) {
      if (count === this.starts.length) this.grow();
      let fs: number;
      let fe: number;
      let flag = 0;
      if (i < len && b[i] === q) {
        flag = 1;
        fs = ++i;
        for (;;) {
          while (i < len && b[i] !== q) {
            if (b[i] === 10) newlines++;
            i++;
          }
          if (i >= len) {
            if (this.eof) throw new Error(`line ${this.nextLine}: a quoted field is not closed before the end of the file`);
            return 0;
          }
          if (i + 1 >= len && !this.eof) return 0;
          if (i + 1 < len && b[i + 1] === q) {
            flag = 2;
            i += 2;
            continue;
          }
          break;
        }
        fe = i++;
        // Text after the closing quote is kept out of the field, as pandas' C parser does.
        while (i < len && b[i] !== d && b[i] !== 10 && b[i] !== 13) i++;
      } else {
        fs = i;
        while (i < len) {
          const c = b[i];
          if (c === d || c === 10 || c === 13) break;
          i++;
        }
        fe = i;
      }
      this.starts[count] = fs;
      this.ends[count] = fe;
      this.quoted[count] = flag;
      count++;
      if (i >= len) {
        if (!this.eof) return 0;
        break;
      }
      const c = b[i];
      if (c === d) {
        i++;
        continue;
      }
      if (c === 13) {
        if (i + 1 >= len && !this.eof) return 0;
        i++;
        if (i < len && b[i] === 10) i++;
      } else {
        i++;
      }
      break;
    }
    this.consumed = this.filePos - (len - i);
    this.pos = i;
    this.line = this.nextLine;
    this.nextLine += 1 + newlines;
    this.count = count;
    if (count === 1 && this.starts[0] === this.ends[0] && this.quoted[0] === 0) return 2;
    return 1;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    s.set(this.starts);
    const e = new Int32Array(n);
    e.set(this.ends);
    const qd = new Uint8Array(n);
    qd.set(this.quoted);
    this.starts = s;
    this.ends = e;
    this.quoted = qd;
  }

  /** Keeps the unfinished record at the front and reads more of the file after it. */
  private fill(): void {
    const rest = this.len - this.pos;
    if (rest > 0 && this.pos > 0) this.buf.copy(this.buf, 0, this.pos, this.len);
    this.len = rest;
    this.pos = 0;
    if (this.len === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    this.latin1 = undefined;
    // A range reader reads little past its limit: just the record that straddles it.
    const room = this.buf.length - this.len;
    const want = this.limit === Infinity ? room : Math.min(room, Math.max(this.limit - this.filePos, 0) + 4096);
    const n = fs.readSync(this.fd, this.buf, this.len, want, this.filePos);
    this.filePos += n;
    this.len += n;
    if (n === 0) this.eof = true;
  }
}

/**
 * The first byte at or after `pos` that follows a newline (LF, or a CR not followed by LF): where
 * a range begins, and where the range before it ends; every thread computes the same answer for
 * the same `pos`. Without quoted newlines that is a record start. With them it may lie inside a
 * quoted field: the caller checks that the range before really ended its last record there.
 */
export function recordStartAtOrAfter(fd: number, pos: number, size: number): number {
  if (pos <= 0) return 0;
  const buf = Buffer.allocUnsafe(4096);
  // Read from pos - 1: whether pos itself is a start depends on the byte before it.
  for (let at = pos - 1; at < size; ) {
    const n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - at), at);
    if (n === 0) break;
    for (let i = 0; i < n - 1; i++) {
      const c = buf[i];
      if (c === 10 || (c === 13 && buf[i + 1] !== 10)) return at + i + 1;
    }
    // The last byte read decides with the byte after it (the next read begins there).
    if (at + n >= size) return size;
    at += Math.max(1, n - 1);
  }
  return size;
}
