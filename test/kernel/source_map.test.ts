import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as ts from "typescript";
import { LineIndex, SourceMap, decodeMappings, takeInlineSourceMap } from "../../kernel/source_map.js";

test("VLQ segments decode to absolute columns, sources and lines (the Source Map v3 example)", () => {
  // "AAAA" = [0,0,0,0]; "CAAC" = [1,0,0,1]; ";" starts a line; "ACAC" = [0,1,0,1] (relative).
  const lines = decodeMappings("AAAA,CAAC;ACAC,gBAAgB");
  assert.deepEqual(lines[0].map((s) => [s.column, s.source, s.line, s.sourceColumn]), [[0, 0, 0, 0], [1, 0, 0, 1]]);
  // Column resets per line; source, line and column carry on: 1, 0, 2 then +16 everywhere.
  assert.deepEqual(lines[1].map((s) => [s.column, s.source, s.line, s.sourceColumn]), [[0, 1, 0, 2], [16, 1, 0, 18]]);
  assert.throws(() => decodeMappings("A!AA"), /bad base64 digit at 1/);
});

test("every identifier of TypeScript's own output maps back to where it was written", () => {
  const source = [
    "interface Shape {",
    "  area(): number;",
    "}",
    "class Square implements Shape {",
    "  constructor(private readonly side: number) {}",
    "  area(): number {",
    "    return this.side * this.side;",
    "  }",
    "}",
    "const shapes: Shape[] = [new Square(2), new Square(3)];",
    "export const total = shapes.reduce((sum, s) => sum + s.area(), 0);",
  ].join("\n");
  const out = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, inlineSourceMap: true }, fileName: "shapes.ts" });
  const { code, map } = takeInlineSourceMap(out.outputText);
  assert.ok(map, "the inline map was found");
  assert.doesNotMatch(code, /sourceMappingURL/);
  const generated = new LineIndex(code);
  const original = new LineIndex(source);
  let checked = 0;
  for (const name of ["Square", "shapes", "reduce", "area", "side", "total"]) {
    for (let at = code.indexOf(name); at >= 0; at = code.indexOf(name, at + 1)) {
      if (!/\W/.test(code[at - 1] ?? " ") || /\w/.test(code[at + name.length] ?? " ")) continue;
      const back = map.originalPosition(generated.position(at));
      if (!back) continue;
      assert.equal(source.slice(original.offset(back), original.offset(back) + name.length), name, `${name} at ${JSON.stringify(generated.position(at))}`);
      checked++;
    }
  }
  assert.ok(checked >= 10, `checked ${checked}`);
  // Before a line's first segment and on lines the map does not cover: nothing.
  assert.equal(map.originalPosition({ line: 10_000, column: 0 }), undefined);
});

test("LineIndex turns offsets into lines and columns and back, and reads a line", () => {
  const idx = new LineIndex("ab\ncd\r\n\nef");
  assert.deepEqual(idx.position(4), { line: 1, column: 1 });
  assert.equal(idx.offset({ line: 3, column: 1 }), 9);
  assert.equal(idx.lineText(1), "cd");
  assert.equal(idx.lineText(2), "");
  assert.equal(idx.lineCount, 4);
  assert.ok(SourceMap.parse('{"version":3,"sources":[],"mappings":""}'));
  assert.throws(() => SourceMap.parse('{"version":2,"sources":[],"mappings":""}'), /only version 3/);
});
