/** Row ranges to read one at a time so that no single read needs more than `maxBytes` of wasm heap. */
export function rowSlices(start: number, stop: number, bytesPerRow: number, maxBytes = 256 * 2 ** 20): [number, number][] {
  const step = Math.max(1, Math.floor(maxBytes / Math.max(1, bytesPerRow)));
  const out: [number, number][] = [];
  for (let a = start; a < stop; a += step) out.push([a, Math.min(stop, a + step)]);
  return out;
}
