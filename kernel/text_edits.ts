/**
 * Applies insertions to `text`, in the order given (callers sort them: where several land at one
 * position, their order there matters). Rewrites of compiled cells only ever insert.
 */
export function applyInsertions(text: string, inserts: readonly { pos: number; text: string }[]): string {
  let out = "";
  let last = 0;
  for (const ins of inserts) {
    out += text.slice(last, ins.pos) + ins.text;
    last = ins.pos;
  }
  return out + text.slice(last);
}
