/** An insertion of `text` before offset `pos` of the text it is applied to. */
export interface Insertion {
  pos: number;
  text: string;
}

/**
 * Applies insertions to `text`, in the order given (callers sort them: where several land at one
 * position, their order there matters). Rewrites of compiled cells only ever insert.
 */
export function applyInsertions(text: string, inserts: readonly Insertion[]): string {
  let out = "";
  let last = 0;
  for (const ins of inserts) {
    out += text.slice(last, ins.pos) + ins.text;
    last = ins.pos;
  }
  return out + text.slice(last);
}

/**
 * The offset in the text before `applyInsertions(text, inserts)` of `offset` in its result. An
 * offset inside inserted text maps to where the insertion was made: the code that follows it.
 */
export function offsetBeforeInsertions(inserts: readonly Insertion[], offset: number): number {
  let added = 0;
  for (const ins of inserts) {
    const at = ins.pos + added;
    if (offset < at) break;
    if (offset < at + ins.text.length) return ins.pos;
    added += ins.text.length;
  }
  return offset - added;
}
