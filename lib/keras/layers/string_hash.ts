/**
 * The two string hashes TensorFlow's lookup layers bucket with, so the same token lands in the same
 * bin as in Keras: FarmHash Fingerprint64 (`tf.strings.to_hash_bucket_fast`, taken from tfjs's own
 * cpu kernel, which ports it) and keyed SipHash-2-4 (`tf.strings.to_hash_bucket_strong`, here).
 * Both run on the host, whatever the active backend, since tokens are host strings.
 */
import * as tf from "@tensorflow/tfjs";

/** Bucket of each string: Fingerprint64(utf8(s)) mod numBuckets. */
export function fingerprintBuckets(strings: string[], numBuckets: number): number[] {
  if (strings.length === 0) return [];
  const kernel = tf.getKernel("StringToHashBucketFast", "cpu");
  const cpu = tf.findBackend("cpu") as tf.KernelBackend & { makeTensorInfo(shape: number[], dtype: string, values: unknown): tf.TensorInfo; readSync(id: tf.DataId): unknown };
  if (!kernel || !cpu) throw new Error("Hashing: tfjs's cpu StringToHashBucketFast kernel is not available");
  const input = cpu.makeTensorInfo([strings.length], "string", strings);
  let output: tf.TensorInfo | undefined;
  try {
    output = kernel.kernelFunc({ inputs: { input }, backend: cpu, attrs: { numBuckets } }) as tf.TensorInfo;
    return Array.from(cpu.readSync(output.dataId) as Int32Array);
  } finally {
    cpu.disposeData(input.dataId);
    if (output) cpu.disposeData(output.dataId);
  }
}

const MASK64 = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & MASK64;

/** SipHash-2-4 of `bytes` under the 128-bit key [k0, k1] (TF's StrongKeyedHash). */
export function sipHash24(key: readonly [bigint, bigint], bytes: Uint8Array): bigint {
  const [k0, k1] = key;
  let v0 = k0 ^ 0x736f6d6570736575n;
  let v1 = k1 ^ 0x646f72616e646f6dn;
  let v2 = k0 ^ 0x6c7967656e657261n;
  let v3 = k1 ^ 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & MASK64; v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & MASK64; v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & MASK64; v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & MASK64; v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const word = (at: number, n: number) => {
    let m = 0n;
    for (let i = n - 1; i >= 0; i--) m = (m << 8n) | BigInt(bytes[at + i]!);
    return m;
  };
  const whole = bytes.length - (bytes.length % 8);
  for (let at = 0; at < whole; at += 8) {
    const m = word(at, 8);
    v3 ^= m; round(); round(); v0 ^= m;
  }
  const last = ((BigInt(bytes.length) & 0xffn) << 56n) | word(whole, bytes.length - whole);
  v3 ^= last; round(); round(); v0 ^= last;
  v2 ^= 0xffn;
  round(); round(); round(); round();
  return (v0 ^ v1 ^ v2 ^ v3) & MASK64;
}

const utf8 = new TextEncoder();

/** Bucket of each string: SipHash-2-4(salt, utf8(s)) mod numBuckets. */
export function sipHashBuckets(strings: string[], numBuckets: number, salt: readonly [number, number]): number[] {
  const key = [BigInt.asUintN(64, BigInt(salt[0])), BigInt.asUintN(64, BigInt(salt[1]))] as const;
  const n = BigInt(numBuckets);
  return strings.map((s) => Number(sipHash24(key, utf8.encode(s)) % n));
}

/** Keras's `salt` argument: one integer (used for both key halves) or two. */
export function saltPair(owner: string, salt: unknown): [number, number] | null {
  if (salt === null || salt === undefined) return null;
  if (Number.isInteger(salt)) return [salt as number, salt as number];
  if (Array.isArray(salt) && salt.length === 2 && salt.every(Number.isInteger)) return [salt[0], salt[1]];
  throw new RangeError(`${owner}: the \`salt\` argument can only be a tuple of size 2 integers, or a single integer. Received: salt=${JSON.stringify(salt)}`);
}
