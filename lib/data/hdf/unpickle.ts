/**
 * A small, safe Python unpickler for the pickles PyTables and pandas leave in HDF5 files: protocol-0
 * text pickles in attributes (lists, tuples, dicts, None, `Day` freq objects) and the protocol-5
 * pickle of a numpy object array in a fixed-format object block. Nothing is ever executed: a
 * global is kept as its dotted name and REDUCE/BUILD/NEWOBJ become plain records.
 */

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyTuple
  | PyDict
  | PyGlobal
  | PyObject;

export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}
export class PyDict {
  readonly entries: [PyValue, PyValue][] = [];
  get(key: PyValue): PyValue | undefined {
    for (const [k, v] of this.entries) if (k === key) return v;
    return undefined;
  }
}
export class PyGlobal {
  constructor(readonly name: string) {}
}
/** The result of calling a global (REDUCE / NEWOBJ), with its BUILD state when one came. */
export class PyObject {
  state: PyValue | undefined;
  constructor(readonly callable: PyValue, readonly args: PyValue[]) {}
}

const MARK = Symbol("mark");
type StackItem = PyValue | typeof MARK;

export function unpickle(bytes: Uint8Array): PyValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const memo = new Map<number, PyValue>();
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`unsupported or corrupt pickle at byte ${pos}: ${why}`);
  };
  const need = (n: number) => {
    if (pos + n > bytes.length) fail("truncated");
  };
  const line = (): string => {
    const end = bytes.indexOf(10, pos);
    if (end < 0) fail("unterminated line");
    const text = latin1(bytes.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  const utf8 = (n: number): string => {
    need(n);
    const s = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(pos, pos + n));
    pos += n;
    return s;
  };
  const pop = (): PyValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) fail("stack underflow");
    return v as PyValue;
  };
  const top = (): PyValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) fail("stack underflow");
    return v as PyValue;
  };
  const popMark = (): PyValue[] => {
    let i = stack.length - 1;
    while (i >= 0 && stack[i] !== MARK) i--;
    if (i < 0) fail("no mark");
    const items = stack.splice(i + 1) as PyValue[];
    stack.pop();
    return items;
  };
  const setItems = (dict: PyValue, items: PyValue[]) => {
    if (!(dict instanceof PyDict)) fail("SETITEM on a non-dict");
    for (let i = 0; i + 1 < items.length; i += 2) (dict as PyDict).entries.push([items[i], items[i + 1]]);
  };
  const appendTo = (list: PyValue, items: PyValue[]) => {
    if (!Array.isArray(list)) fail("APPEND on a non-list");
    (list as PyValue[]).push(...items);
  };

  for (;;) {
    need(1);
    const op = bytes[pos++];
    switch (op) {
      case 0x80: pos += 1; break; // PROTO
      case 0x95: pos += 8; break; // FRAME
      case 0x2e: return pop(); // STOP
      case 0x28: stack.push(MARK); break; // MARK
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break;
      case 0x89: stack.push(false); break;
      case 0x29: stack.push(new PyTuple([])); break; // EMPTY_TUPLE
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x7d: stack.push(new PyDict()); break; // EMPTY_DICT
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x74: stack.push(new PyTuple(popMark())); break; // TUPLE
      case 0x85: stack.push(new PyTuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push(new PyTuple([a, b])); break; }
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push(new PyTuple([a, b, c])); break; }
      case 0x64: { const d = new PyDict(); setItems(d, popMark()); stack.push(d); break; } // DICT
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x61: { const v = pop(); appendTo(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); appendTo(top(), items); break; } // APPENDS
      case 0x30: pop(); break; // POP
      case 0x70: memo.set(Number(line()), top()); break; // PUT
      case 0x67: { const k = Number(line()); if (!memo.has(k)) fail(`GET ${k}`); stack.push(memo.get(k)!); break; }
      case 0x71: need(1); memo.set(bytes[pos++], top()); break; // BINPUT
      case 0x72: need(4); memo.set(view.getUint32(pos, true), top()); pos += 4; break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: { need(1); const k = bytes[pos++]; if (!memo.has(k)) fail(`BINGET ${k}`); stack.push(memo.get(k)!); break; }
      case 0x6a: { need(4); const k = view.getUint32(pos, true); pos += 4; if (!memo.has(k)) fail(`LONG_BINGET ${k}`); stack.push(memo.get(k)!); break; }
      case 0x49: { // INT (protocol 0; "01"/"00" are True/False)
        const t = line();
        stack.push(t === "01" ? true : t === "00" ? false : parseIntText(t));
        break;
      }
      case 0x4c: stack.push(parseIntText(line().replace(/L$/, ""))); break; // LONG
      case 0x46: stack.push(Number(line())); break; // FLOAT
      case 0x4b: need(1); stack.push(bytes[pos++]); break; // BININT1
      case 0x4d: need(2); stack.push(view.getUint16(pos, true)); pos += 2; break; // BININT2
      case 0x4a: need(4); stack.push(view.getInt32(pos, true)); pos += 4; break; // BININT
      case 0x47: need(8); stack.push(view.getFloat64(pos, false)); pos += 8; break; // BINFLOAT
      case 0x8a: { // LONG1
        need(1); const n = bytes[pos++]; need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[pos + i]);
        if (n > 0 && bytes[pos + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        pos += n;
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x56: stack.push(rawUnicodeEscape(line())); break; // UNICODE
      case 0x53: stack.push(pythonStringLiteral(line())); break; // STRING
      case 0x8c: { need(1); const n = bytes[pos++]; stack.push(utf8(n)); break; } // SHORT_BINUNICODE
      case 0x58: { need(4); const n = view.getUint32(pos, true); pos += 4; stack.push(utf8(n)); break; }
      case 0x8d: { need(8); const n = Number(view.getBigUint64(pos, true)); pos += 8; stack.push(utf8(n)); break; }
      case 0x43: { need(1); const n = bytes[pos++]; need(n); stack.push(bytes.slice(pos, pos + n)); pos += n; break; }
      case 0x42: { need(4); const n = view.getUint32(pos, true); pos += 4; need(n); stack.push(bytes.slice(pos, pos + n)); pos += n; break; }
      case 0x8e: { need(8); const n = Number(view.getBigUint64(pos, true)); pos += 8; need(n); stack.push(bytes.slice(pos, pos + n)); pos += n; break; }
      case 0x63: { const mod = line(); const name = line(); stack.push(new PyGlobal(`${mod}.${name}`)); break; } // GLOBAL
      case 0x93: { const name = pop(); const mod = pop(); stack.push(new PyGlobal(`${String(mod)}.${String(name)}`)); break; }
      case 0x52: { // REDUCE
        const args = pop(); const fn = pop();
        stack.push(new PyObject(fn, args instanceof PyTuple ? args.items : [args]));
        break;
      }
      case 0x81: { // NEWOBJ
        const args = pop(); const cls = pop();
        stack.push(new PyObject(cls, args instanceof PyTuple ? args.items : [args]));
        break;
      }
      case 0x62: { // BUILD
        const state = pop(); const obj = top();
        if (obj instanceof PyObject) obj.state = state;
        break;
      }
      default:
        fail(`opcode 0x${op.toString(16)}`);
    }
  }
}

function parseIntText(t: string): number | bigint {
  if (!/^[-+]?\d+$/.test(t)) throw new Error(`corrupt pickle integer ${JSON.stringify(t)}`);
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : BigInt(t);
}

function latin1(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** Python's raw-unicode-escape: bytes are latin-1 code points, only \uXXXX and \UXXXXXXXX are escapes. */
function rawUnicodeEscape(t: string): string {
  return t.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, u4: string, u8: string) =>
    String.fromCodePoint(parseInt(u4 ?? u8, 16)),
  );
}

function pythonStringLiteral(t: string): string {
  const q = t[0];
  if ((q !== "'" && q !== '"') || t[t.length - 1] !== q) throw new Error(`corrupt pickle string ${t}`);
  return t.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    if (e[0] === "x") return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' } as Record<string, string>)[e] ?? "\\" + e;
  });
}
