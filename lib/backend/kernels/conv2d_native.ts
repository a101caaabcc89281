import * as tf from "@tensorflow/tfjs";
import type { NativeBlas } from "../native/native_blas.js";
import type { Conv2DBackpropAttrs } from "./conv2d_backprop_filter.js";
import { nativeActivations } from "./mat_mul_native.js";
import { currentHeap, heapOffset, type WasmHeapBackend } from "./wasm_heap.js";

type Shape4 = [number, number, number, number];

interface Conv2DAttrs extends Conv2DBackpropAttrs {
  dilations: [number, number] | number;
  activation?: string;
  leakyreluAlpha?: number;
}

/** The 15 numbers blas_kernels.c's `struct conv` reads, in its order. */
function geometry(info: tf.backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.filterHeight, info.filterWidth, info.outChannels,
    info.outHeight, info.outWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ];
}

function nativeEligible(...tensors: tf.TensorInfo[]): boolean {
  return tensors.every((t) => t.dtype === "float32" && t.shape.every((d) => d > 0));
}

/**
 * Conv2D and FusedConv2D (NHWC) on wasm through the system's BLAS: im2col in bounded chunks and
 * one GEMM per chunk, bias and activation in the same pass; a 1×1 stride-1 convolution is a GEMM
 * with no im2col. NCHW, PReLU and other bias shapes go to `fallback`.
 */
export function nativeConv2D(blas: NativeBlas, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, filter, bias } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo };
    const attrs = args.attrs as unknown as Conv2DAttrs;
    const activation = nativeActivations[attrs.activation ?? "linear"];
    if (attrs.dataFormat === "NCHW" || activation === undefined || !nativeEligible(x, filter)) return fallback(args);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as Shape4, filter.shape as Shape4, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false, "channelsLast",
    );
    if (bias && !(bias.shape.length === 1 && bias.shape[0] === info.outChannels && bias.dtype === "float32")) return fallback(args);
    if (info.outHeight <= 0 || info.outWidth <= 0) return fallback(args);
    const backend = args.backend as WasmHeapBackend;
    const out = backend.makeOutput(info.outShape, "float32");
    blas.conv2d(
      currentHeap(backend), heapOffset(backend, x), heapOffset(backend, filter), heapOffset(backend, out),
      bias ? heapOffset(backend, bias) : 0, activation, attrs.leakyreluAlpha ?? 0.2, ...geometry(info),
    );
    return out;
  };
}

/** Conv2D's filter gradient: Σ over im2col chunks of colᵀ · dy, accumulated by BLAS. */
export function nativeConv2DBackpropFilter(blas: NativeBlas, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropAttrs & { filterShape: Shape4 };
    if (attrs.dataFormat === "NCHW" || !nativeEligible(x, dy)) return fallback(args);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as Shape4, attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, "channelsLast",
    );
    const backend = args.backend as WasmHeapBackend;
    const dw = backend.makeOutput(attrs.filterShape, "float32");
    blas.conv2dBackpropFilter(currentHeap(backend), heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, dw), ...geometry(info));
    return dw;
  };
}

/** Conv2D's input gradient (and Conv2DTranspose): dy · filterᵀ per chunk, added back by col2im. */
export function nativeConv2DBackpropInput(blas: NativeBlas, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropAttrs & { inputShape: Shape4 };
    if (attrs.dataFormat === "NCHW" || !nativeEligible(dy, filter)) return fallback(args);
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape, filter.shape as Shape4, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, "channelsLast",
    );
    const backend = args.backend as WasmHeapBackend;
    const dx = backend.makeOutput(attrs.inputShape, "float32");
    blas.conv2dBackpropInput(currentHeap(backend), heapOffset(backend, dy), heapOffset(backend, filter), heapOffset(backend, dx), ...geometry(info));
    return dx;
  };
}
