import { test } from "node:test";
import * as assert from "node:assert/strict";
import { parseNumber, NUMBER_INVALID, NUMBER_OK, type NumberResult } from "../../../../lib/data/csv/parse_number.js";

function parse(t: string): { v: number; r: NumberResult } {
  const r: NumberResult = { status: 0, integer: true, wide: false };
  const b = Buffer.from(t, "latin1");
  return { v: parseNumber(b, 0, b.length, r, () => t), r };
}

test("every token parses to V8's correctly rounded Number(), fast path or not", () => {
  const tokens = ["0", "-0", "1.5", "0.1", "0.30000000000000004", "1e22", "1e23", "123456789012345678", "9007199254740993", "4.9e-324", "5e-324",
    "1.7976931348623157e308", "-.5", "5.", "+3", " 7 ", "0.1257302210933933", "-0.13210486329130193", "2.2250738585072014e-308", "1E5", "12345678901234567890e-5"];
  for (let i = 0; i < 20000; i++) {
    const x = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 40 - 20);
    tokens.push(String(x), x.toPrecision(17), x.toPrecision(19), x.toFixed(18));
  }
  // 16-19 digit mantissas at and next to rounding midpoints (the double-double path must defer)
  tokens.push("9007199254740993", "9007199254740993.0", "0.9007199254740993", "1.00000000000000011102230246251565", "1.000000000000000111", "0.1000000000000000055511151231257827");
  for (const t of tokens) {
    const { v, r } = parse(t);
    assert.equal(r.status, NUMBER_OK, t);
    assert.ok(Object.is(v, Number(t)), `${t}: ${v} vs ${Number(t)}`);
  }
});

test("integers, wide integers, infinities and invalid tokens are told apart", () => {
  assert.equal(parse("42").r.integer, true);
  assert.equal(parse("4.0").r.integer, false);
  assert.equal(parse("9007199254740993").r.wide, true);
  assert.equal(parse("1234567890123456").r.wide, false);
  assert.equal(parse("inf").v, Infinity);
  assert.equal(parse("-Infinity").v, -Infinity);
  for (const bad of ["", "abc", "1.2.3", "1e", "--1", "0x10", "1,5", "nan"]) assert.equal(parse(bad).r.status, NUMBER_INVALID, bad);
});
