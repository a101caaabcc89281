import { applyInsertions, type Insertion } from "./text_edits.js";

type TS = typeof import("@tslab/typescript-for-tslab");
type Node = import("@tslab/typescript-for-tslab").Node;

/**
 * tslab compiles a reference to an earlier cell's name `a` to `exports.a`, except inside a
 * shorthand property: `{ a }` stays `{ a }` and throws "a is not defined" at run time (a tslab
 * bug; e.g. `new Experiment(model, { trainInputFn, evalInputFn })`). We finish the job on the
 * compiled cell: a shorthand naming an earlier cell's declaration that this cell does not declare
 * itself becomes `{ a: exports.a }`.
 */
export function fixShorthands(ts: TS, js: string, prevDecl: string): string {
  return applyInsertions(js, shorthandInsertions(ts, js, prevDecl));
}

/** The insertions `fixShorthands` makes, in order (positions in `js`). */
export function shorthandInsertions(ts: TS, js: string, prevDecl: string): Insertion[] {
  if (!js.includes("{") || prevDecl === "") return [];
  const earlier = topLevelNames(ts, prevDecl);
  if (earlier.size === 0) return [];
  const sf = ts.createSourceFile("cell.js", js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const declaredHere = new Set<string>();
  const shorthands: import("@tslab/typescript-for-tslab").ShorthandPropertyAssignment[] = [];
  const visit = (node: Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) shorthands.push(node);
    const name = (node as { name?: Node }).name;
    if (
      name &&
      ts.isIdentifier(name) &&
      (ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node) || ts.isImportSpecifier(node) || ts.isNamespaceImport(node) || ts.isImportClause(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node) || ts.isEnumDeclaration(node))
    ) {
      declaredHere.add(name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return shorthands
    .filter((s) => earlier.has(s.name.text) && !declaredHere.has(s.name.text))
    .map((s) => ({ pos: s.name.getEnd(), text: `: exports.${s.name.text}` }))
    .sort((a, b) => a.pos - b.pos);
}

/** Names the earlier cells declared, as tslab keeps them in its declarations file. */
function topLevelNames(ts: TS, decl: string): Set<string> {
  const sf = ts.createSourceFile("prev.d.ts", decl, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
    } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
      names.add(st.name.text);
    } else if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      if (c.name) names.add(c.name.text);
      const b = c.namedBindings;
      if (b && ts.isNamespaceImport(b)) names.add(b.name.text);
      if (b && ts.isNamedImports(b)) for (const e of b.elements) names.add(e.name.text);
    }
  }
  return names;
}
