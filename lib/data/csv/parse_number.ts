// Exact powers of ten up to 1e22 are representable, so m*10^e and m/10^e with m < 2^53 round
// correctly (Clinger's fast path); everything else goes through V8's correctly-rounded Number().
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
// While mant < this, mant*10 + 9 < 2^53: every accumulated digit keeps the mantissa exact
// (all 15-digit and most 16-digit mantissas take the fast path).
const MANT_LIMIT = 900719925474099;

/** How the last `parseNumber` call went. */
export const NUMBER_OK = 0;
export const NUMBER_INVALID = 1;
export interface NumberResult {
  status: number;
  /** The token is an integer (no '.', no exponent). */
  integer: boolean;
  /** An integer of 16+ digits: its Number may not be exact. */
  wide: boolean;
}

/**
 * Parses bytes [s, e) as a decimal number the way pandas' C parser accepts them: optional sign,
 * digits, optional fraction, optional exponent, surrounding spaces; also inf/infinity/nan words.
 * Sets `out.status` to NUMBER_INVALID (and returns NaN) when the token is not a number.
 */
export function parseNumber(b: Uint8Array, s: number, e: number, out: NumberResult, text: () => string): number {
  while (s < e && b[s] === 32) s++;
  while (e > s && b[e - 1] === 32) e--;
  out.status = NUMBER_OK;
  out.integer = true;
  out.wide = false;
  let i = s;
  let neg = false;
  let c = b[i];
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let mant = 0;
  let dropped = 0; // integer digits beyond what mant and tail hold exactly
  let tail = 0; // up to TAIL_DIGITS more digits after mant's, so 16-19 digit mantissas stay exact
  let tailDigits = 0;
  let exp10 = 0;
  let any = false;
  for (; i < e; i++) {
    c = b[i] - 48;
    if (c < 0 || c > 9) break;
    any = true;
    if (mant < MANT_LIMIT && tailDigits === 0) {
      mant = mant * 10 + c;
    } else if (tailDigits < TAIL_DIGITS) {
      tail = tail * 10 + c;
      tailDigits++;
    } else {
      dropped++;
    }
  }
  let slow = dropped > 0;
  if (i < e && b[i] === 46) {
    out.integer = false;
    i++;
    for (; i < e; i++) {
      c = b[i] - 48;
      if (c < 0 || c > 9) break;
      any = true;
      if (mant < MANT_LIMIT && tailDigits === 0) {
        mant = mant * 10 + c;
        exp10--;
      } else if (tailDigits < TAIL_DIGITS) {
        tail = tail * 10 + c;
        tailDigits++;
        exp10--;
      } else if (c !== 0) {
        slow = true;
      }
    }
  }
  if (!any) return special(s, e, out, text);
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    out.integer = false;
    i++;
    let eneg = false;
    if (i < e && (b[i] === 45 || b[i] === 43)) {
      eneg = b[i] === 45;
      i++;
    }
    let ev = 0;
    let edigits = 0;
    for (; i < e; i++) {
      c = b[i] - 48;
      if (c < 0 || c > 9) break;
      if (ev < 100000) ev = ev * 10 + c;
      edigits++;
    }
    if (edigits === 0) return invalid(out);
    exp10 += eneg ? -ev : ev;
  }
  if (i !== e) return invalid(out);
  if (out.integer && (dropped > 0 || tailDigits > 0)) out.wide = true;
  if (!slow && tailDigits > 0) {
    if (dropped === 0 && exp10 <= 0 && exp10 >= -22) {
      const v = wideQuotient(mant, tailDigits, tail, POW10[-exp10]);
      if (v === v) return neg ? -v : v;
    }
    return Number(text().substring(s, e));
  }
  if (!slow) {
    exp10 += dropped;
    if (exp10 === 0) return neg ? -mant : mant;
    if (exp10 < 0 && exp10 >= -22) return neg ? -(mant / POW10[-exp10]) : mant / POW10[-exp10];
    if (exp10 > 0 && exp10 <= 22 && mant < 2 ** 53 / POW10[exp10]) return neg ? -(mant * POW10[exp10]) : mant * POW10[exp10];
  }
  return Number(text().substring(s, e));
}

const TAIL_DIGITS = 4;
const SPLITTER = 134217729; // 2^27 + 1, Dekker's split
const f64 = new Float64Array(1);
// Half an ulp of a double with biased exponent e is 2^(e - 1076): a table lookup instead of a
// Math.pow call per token (the same expression fills it, so the values are identical).
const HALF_ULP = Float64Array.from({ length: 2048 }, (_, e) => 2 ** (e - 1076));
const u32 = new Uint32Array(f64.buffer);

/**
 * (mant·10^tailDigits + tail) / d, correctly rounded, for a mantissa of up to 19 digits and d an
 * exact power of ten: the mantissa is held exactly as a double-double, divided with one correction
 * step (error ~2^-100 relative), and rounded once. Returns NaN when the result lies too close to a
 * rounding midpoint to be sure (the caller then uses Number()), or is subnormal.
 */
function wideQuotient(mant: number, tailDigits: number, tail: number, d: number): number {
  // m = mant * 10^tailDigits exactly, as (p + pe)
  const pw = POW10[tailDigits];
  const p = mant * pw;
  const pe = twoProductError(mant, pw, p);
  // (sh + sl) = p + pe + tail exactly (|pe|, tail are tiny next to p)
  const s1 = p + tail;
  const bb = s1 - p;
  const s1e = p - (s1 - bb) + (tail - bb);
  const sh = s1;
  const sl = s1e + pe;
  const q1 = sh / d;
  const qd = q1 * d;
  const qde = twoProductError(q1, d, qd);
  const r = sh - qd - qde + sl;
  const q2 = r / d;
  const res = q1 + q2;
  const t = res - q1;
  const rest = q2 - t; // what rounding res dropped
  f64[0] = res;
  const bexp = (u32[1] >>> 20) & 0x7ff;
  if (bexp === 0 || bexp === 0x7ff) return NaN;
  const halfUlp = HALF_ULP[bexp];
  if (Math.abs(Math.abs(rest) - halfUlp) < halfUlp * 2 ** -40) return NaN;
  if (Math.abs(rest) > halfUlp) return NaN; // not rounded to nearest: be safe
  return res;
}

function twoProductError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

function invalid(out: NumberResult): number {
  out.status = NUMBER_INVALID;
  return NaN;
}

function special(s: number, e: number, out: NumberResult, text: () => string): number {
  out.integer = false;
  const len = e - s;
  if (len < 3 || len > 9) return invalid(out);
  const t = text().substring(s, e).toLowerCase();
  switch (t) {
    case "inf": case "+inf": case "infinity": case "+infinity": return Infinity;
    case "-inf": case "-infinity": return -Infinity;
  }
  return invalid(out);
}
