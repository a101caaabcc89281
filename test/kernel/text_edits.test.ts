import { test } from "node:test";
import * as assert from "node:assert/strict";
import { applyInsertions, offsetBeforeInsertions } from "../../kernel/text_edits.js";

test("an offset in the edited text goes back to the offset it had before the insertions", () => {
  const text = "await f(await g());";
  const inserts = [
    { pos: 6, text: "guard(" },
    { pos: 14, text: "guard(" },
    { pos: 17, text: ")" },
    { pos: 18, text: ")" },
  ];
  const edited = applyInsertions(text, inserts);
  assert.equal(edited, "await guard(f(await guard(g())));");
  // Every character of the original goes back to itself.
  for (let o = 0; o < text.length; o++) {
    const e = o + inserts.filter((i) => i.pos <= o).reduce((n, i) => n + i.text.length, 0);
    assert.equal(edited[e], text[o]);
    assert.equal(offsetBeforeInsertions(inserts, e), o, `offset ${o}`);
  }
  for (const [name, at] of [["f(", 6], ["g(", 14], [";", 18]] as const) {
    assert.equal(offsetBeforeInsertions(inserts, edited.indexOf(name)), at, name);
  }
  // Inside inserted text: where the insertion was made.
  assert.equal(offsetBeforeInsertions(inserts, edited.indexOf("guard")), 6);
  assert.equal(offsetBeforeInsertions([], 5), 5);
});
