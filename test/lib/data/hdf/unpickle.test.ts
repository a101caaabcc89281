import { test } from "node:test";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { unpickle, PyTuple, PyDict, PyGlobal, PyObject } from "../../../../lib/data/hdf/unpickle.js";

test("protocol-0 pickles as PyTables writes them", () => {
  assert.equal(unpickle(Buffer.from("N.")), null);
  assert.deepEqual(unpickle(Buffer.from("(lp0\nVf64\np1\na.")), ["f64"]);
  assert.deepEqual(unpickle(Buffer.from("(lp0\nVtemp\xe9rature\np1\naV\\u540d\\u524d\np2\na.", "latin1")), ["température", "名前"]);
  const t = unpickle(Buffer.from("(lp0\n(I0\nVindex\np1\ntp2\na.")) as unknown[];
  assert.ok(t[0] instanceof PyTuple);
  assert.deepEqual((t[0] as PyTuple).items, [0, "index"]);
});

test("pickles made by Python (protocols 0 and 5): dicts, bools, big ints, objects kept inert", () => {
  const script = `import pickle, sys, datetime
v = {1: {'names': [None], 'ordered': False}, 'big': 2**63 - 1, 'f': 1.5, 'b': b'xy', 'd': datetime.date(2020, 1, 2)}
sys.stdout.write(pickle.dumps(v, protocol=int(sys.argv[1])).hex())`;
  for (const proto of [0, 5]) {
    const bytes = Buffer.from(execFileSync("/usr/bin/python3", ["-c", script, String(proto)], { encoding: "utf8" }), "hex");
    const d = unpickle(bytes) as PyDict;
    assert.ok(d instanceof PyDict, `protocol ${proto}`);
    const inner = d.get(1) as PyDict;
    assert.deepEqual(inner.get("names"), [null]);
    assert.equal(inner.get("ordered"), false);
    assert.equal(d.get("big"), 2n ** 63n - 1n);
    assert.equal(d.get("f"), 1.5);
    // protocol 0 writes bytes as a call of _codecs.encode; protocol 5 as SHORT_BINBYTES
    if (proto === 5) assert.deepEqual(Array.from(d.get("b") as Uint8Array), [0x78, 0x79]);
    else assert.ok(d.get("b") instanceof PyObject);
    const date = d.get("d") as PyObject;
    assert.ok(date instanceof PyObject && date.callable instanceof PyGlobal && date.callable.name === "datetime.date");
  }
});

test("truncated or unknown input is an error, not a guess", () => {
  assert.throws(() => unpickle(Buffer.from("(lp0\nVf64")), /corrupt pickle|truncated|unterminated/);
  assert.throws(() => unpickle(Buffer.from([0xff])), /opcode 0xff/);
});
