import * as tf from "@tensorflow/tfjs";

/**
 * tfjs-backend-cpu prints "Hi, looks like you are running TensorFlow.js in Node.js ... install
 * tfjs-node" on its first tensor write when IS_NODE is set. Flipping IS_NODE would change other
 * behaviour (file IO, platform), so we mark the cpu backend instance as already used instead.
 * Every backend (wasm and webgpu too) creates cpu tensors for some ops, so this runs first.
 */
export function silenceCpuBanner(): void {
  const cpu = tf.findBackend("cpu") as unknown as { firstUse?: boolean } | null;
  if (cpu && "firstUse" in cpu) cpu.firstUse = false;
}
