/**
 * Jupyter counts cursor positions in Unicode code points (protocol 5.2); TypeScript counts
 * UTF-16 units. They differ after any astral character (emoji, some CJK).
 */
export function codePointsToUtf16(text: string, codePoints: number): number {
  let units = 0;
  let cps = 0;
  while (cps < codePoints && units < text.length) {
    const c = text.codePointAt(units)!;
    units += c > 0xffff ? 2 : 1;
    cps++;
  }
  return units;
}

export function utf16ToCodePoints(text: string, units: number): number {
  let cps = 0;
  for (let i = 0; i < units && i < text.length; ) {
    const c = text.codePointAt(i)!;
    i += c > 0xffff ? 2 : 1;
    cps++;
  }
  return cps;
}
