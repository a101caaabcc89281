import { mulberry32 } from "../../random/mulberry32.js";

/**
 * A small seeded PRNG (mulberry32). Each trial draws from a stream seeded by (seed, trial
 * number, attempt), so a resumed search proposes exactly what the uninterrupted one would have.
 */
export function seededRandom(...parts: number[]): () => number {
  // murmur3's finaliser per part, so nearby seeds start far apart.
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return mulberry32(h);
}
