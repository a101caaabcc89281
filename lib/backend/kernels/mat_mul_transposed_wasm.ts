import * as tf from "@tensorflow/tfjs";
import { KernelCalls } from "./call_kernel.js";

/**
 * wasm's BatchMatMul/_FusedMatMul with transposeA or transposeB leave XNNPACK's fast path
 * (0.3–2 GFLOP/s against ~20 for the plain case, measured on 1024² here), and every Dense
 * gradient asks for a transpose. Materialising the transpose first is an O(n²) copy that buys
 * back the O(n³) product at full speed.
 */
export function withExplicitTransposes(kernelName: "BatchMatMul" | "_FusedMatMul", original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const attrs = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return original(args);
    const calls = new KernelCalls("wasm", args.backend);
    try {
      const inputs = { ...(args.inputs as tf.NamedTensorInfoMap) };
      for (const [name, flag] of [["a", attrs.transposeA], ["b", attrs.transposeB]] as const) {
        if (!flag) continue;
        const tensor = inputs[name]!;
        const rank = tensor.shape.length;
        const perm = [...Array(rank).keys()];
        [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
        inputs[name] = calls.run("Transpose", { x: tensor }, { perm });
      }
      return original({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      calls.dispose();
    }
  };
}

export const transposedMatMulKernels = ["BatchMatMul", "_FusedMatMul"] as const;
