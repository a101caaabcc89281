import assert from "node:assert/strict";
import { test } from "node:test";
import { globToRegExp, History } from "../../kernel/history.js";

test("tail, range and glob search follow IPython's history semantics", () => {
  const h = new History();
  ["a = 1", "6 * 7", "b = 2", "6 * 7"].forEach((code, i) => h.add(i + 1, code));
  h.setOutput(2, "42");
  assert.deepEqual(h.query({ hist_access_type: "tail", n: 2 }), [[1, 3, "b = 2"], [1, 4, "6 * 7"]]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: 0, start: 2, stop: 3, output: true }), [[1, 2, ["6 * 7", "42"]]]);
  assert.equal(h.query({ hist_access_type: "search", pattern: "6*7" }).length, 2);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "6*7", unique: true }), [[1, 4, "6 * 7"]]);
  assert.equal(h.query({ hist_access_type: "search", pattern: "?", n: 1 }).length, 0);
  assert.ok(globToRegExp("a[bc]?").test("acx"));
  assert.ok(!globToRegExp("a*").test("ba"));
});
