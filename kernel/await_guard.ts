import { cellContext, KeyboardInterrupt } from "./cell_context.js";
import { applyInsertions, type Insertion } from "./text_edits.js";

/**
 * Interrupting a cell that awaits: tslab only stops *waiting* for the cell, which keeps running
 * forever in the background. We rewrite each `await x` in the cell's compiled JavaScript to
 * `await __tslab_keras__.guard(x)`; the guard races `x` against the interrupt of the cell whose
 * async context is current and throws KeyboardInterrupt there, so the cell stops at its next
 * await. Functions a cell defines check the cell that calls them, as they should.
 */

type TS = typeof import("@tslab/typescript-for-tslab");

export const GUARD_GLOBAL = "__tslab_keras__";

// tslab runs a cell's code inside `(async function (exports, require) { ... })`; parsed bare, as a
// CommonJS script, a top-level `await (x)` would read as a call of a function named `await`.
const WRAP_HEAD = "(async function () {\n";
const WRAP_TAIL = "\n});";

export function guardAwaits(ts: TS, js: string): string {
  return applyInsertions(js, awaitGuardInsertions(ts, js));
}

/** The insertions `guardAwaits` makes, in the order to apply them (positions in `js`). */
export function awaitGuardInsertions(ts: TS, js: string): Insertion[] {
  const sf = ts.createSourceFile("cell.js", WRAP_HEAD + js + WRAP_TAIL, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const inserts: { pos: number; text: string; order: number }[] = [];
  let n = 0;
  const visit = (node: import("@tslab/typescript-for-tslab").Node): void => {
    if (ts.isAwaitExpression(node)) {
      inserts.push({ pos: node.expression.getStart(sf), text: `${GUARD_GLOBAL}.guard(`, order: n++ });
      inserts.push({ pos: node.expression.getEnd(), text: ")", order: n++ });
    } else if (ts.isForOfStatement(node) && node.awaitModifier) {
      inserts.push({ pos: node.expression.getStart(sf), text: `${GUARD_GLOBAL}.guardIter(`, order: n++ });
      inserts.push({ pos: node.expression.getEnd(), text: ")", order: n++ });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // Closing parens at one position must come before openings there; among openings, outer first.
  inserts.sort((a, b) => a.pos - b.pos || (a.text === ")" ? 0 : 1) - (b.text === ")" ? 0 : 1) || a.order - b.order);
  return inserts.map((i) => ({ pos: i.pos - WRAP_HEAD.length, text: i.text }));
}

function guard<T>(value: T): T | Promise<Awaited<T>> {
  const ctx = cellContext.getStore();
  if (!ctx) return value;
  if (ctx.interrupted) throw new KeyboardInterrupt();
  if (value === null || (typeof value !== "object" && typeof value !== "function") || typeof (value as { then?: unknown }).then !== "function") {
    return value;
  }
  return Promise.race([value as unknown as PromiseLike<Awaited<T>>, ctx.interruptPromise]).then((v) => {
    if (ctx.interrupted) throw new KeyboardInterrupt();
    return v;
  });
}

function guardIter(iterable: unknown): unknown {
  const ctx = cellContext.getStore();
  if (!ctx || iterable === null || iterable === undefined) return iterable;
  const obj = iterable as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown>; [Symbol.iterator]?: () => Iterator<unknown> };
  return {
    [Symbol.asyncIterator](): AsyncIterator<unknown> {
      if (typeof obj[Symbol.asyncIterator] === "function") {
        const inner = obj[Symbol.asyncIterator]!();
        return {
          next: (v?: unknown) => guard(inner.next(v)) as Promise<IteratorResult<unknown>>,
          return: inner.return ? (v?: unknown) => inner.return!(v) : undefined,
          throw: inner.throw ? (e?: unknown) => inner.throw!(e) : undefined,
        };
      }
      const inner = obj[Symbol.iterator]!();
      return {
        next: async (v?: unknown) => {
          const r = inner.next(v);
          return r.done ? r : { done: false, value: await guard(r.value) };
        },
        return: async (v?: unknown) => (inner.return ? inner.return(v) : { done: true as const, value: v }),
      };
    },
  };
}

export function installGuardGlobal(): void {
  Object.defineProperty(globalThis, GUARD_GLOBAL, { value: Object.freeze({ guard, guardIter }), configurable: true });
}
