import type { PoolCase } from "./pool_reference.js";

/**
 * Pooling cases, each showing one way tfjs's kernels differ from TensorFlow's (named in the
 * case), and a few where they agree.
 */
export const poolCases: PoolCase[] = [
  // AvgPoolGrad divided by the whole window where the forward pass divided by its real elements.
  { name: "2-D average, same, padding on both sides (AvgPoolGrad's divisor)", kind: "avg", shape: [2, 5, 5, 3], filter: [2, 3], strides: [2, 2], padding: "same" },
  { name: "1-D average as 2-D, same, pool 3 stride 2 (AvgPoolGrad's divisor)", kind: "avg", shape: [1, 6, 1, 2], filter: [3, 1], strides: [2, 1], padding: "same" },
  { name: "2-D average, valid", kind: "avg", shape: [1, 4, 4, 1], filter: [2, 2], strides: [1, 1], padding: "valid" },
  // The 3-D kernels: SAME with a stride above the pool (tfjs shifts every window).
  { name: "3-D max, same, strides above the pool (window shift)", kind: "max", shape: [1, 5, 4, 7, 2], filter: [1, 2, 1], strides: [3, 3, 2], padding: "same" },
  { name: "3-D average, same, strides above the pool (window shift)", kind: "avg", shape: [1, 5, 4, 7, 2], filter: [1, 2, 1], strides: [3, 3, 2], padding: "same" },
  // AvgPool3DGrad's divisor.
  { name: "3-D average, same, pool 2 stride 1 (AvgPool3DGrad's divisor)", kind: "avg", shape: [2, 3, 4, 5, 2], filter: [2, 2, 2], strides: [1, 1, 1], padding: "same" },
  { name: "3-D average, same, pool 3 stride 2, padding on both sides", kind: "avg", shape: [1, 5, 6, 7, 2], filter: [3, 3, 3], strides: [2, 2, 2], padding: "same" },
  // cpu's MaxPool3DGrad indexes the window by filterHeight where it stored by filterWidth.
  { name: "3-D max, valid, window sides 2×3×4 (MaxPool3DGrad's index)", kind: "max", shape: [2, 4, 5, 6, 3], filter: [2, 3, 4], strides: [2, 2, 1], padding: "valid" },
  { name: "3-D max, same, pool 2 stride 1", kind: "max", shape: [2, 3, 4, 5, 2], filter: [2, 2, 2], strides: [1, 1, 1], padding: "same" },
  // wasm's MaxPool3D and its gradient start each maximum at FLT_MIN.
  { name: "3-D max of negative windows (FLT_MIN start)", kind: "max", shape: [1, 4, 4, 4, 2], filter: [2, 2, 2], strides: [2, 2, 2], padding: "valid", offset: -2 },
];
