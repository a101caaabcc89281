/**
 * The numpy references of Keras 3's convolution tests (conv_test.py `np_conv1d`/`np_conv2d`,
 * depthwise_conv_test.py `np_depthwise_conv1d`/`np_depthwise_conv2d`), written out: dilate the kernel with zeros, pad
 * as `_same_padding` (or all in front for causal), then a strided window product per group.
 * 1-D is 2-D with a width of 1. Plain loops in float64 over nested arrays.
 */
type Grid = number[][][][]; // [n][h][w][c]

/** `_same_padding(input_size, kernel_size, stride)` */
export function samePadding(inputSize: number, kernelSize: number, stride: number): [number, number] {
  const padding = inputSize % stride === 0 ? Math.max(kernelSize - stride, 0) : Math.max(kernelSize - (inputSize % stride), 0);
  return [Math.floor(padding / 2), padding - Math.floor(padding / 2)];
}

export interface ConvGeometry {
  strides: [number, number];
  padding: "valid" | "same" | "causal";
  dilation: [number, number];
}

/** Zero-pads rows by `[top, bottom]` and columns by `[left, right]`. */
function pad(x: Grid, rows: [number, number], cols: [number, number]): Grid {
  return x.map((img) => {
    const c = img[0]![0]!.length;
    const w = img[0]!.length + cols[0] + cols[1];
    const zeroRow = () => Array.from({ length: w }, () => new Array<number>(c).fill(0));
    const body = img.map((row) => [...Array.from({ length: cols[0] }, () => new Array<number>(c).fill(0)), ...row, ...Array.from({ length: cols[1] }, () => new Array<number>(c).fill(0))]);
    return [...Array.from({ length: rows[0] }, zeroRow), ...body, ...Array.from({ length: rows[1] }, zeroRow)];
  });
}

/**
 * y[n][i][j][o] = bias[o] + Σ x[n][i·sh + a·dh][j·sw + b·dw][ci] · kernel[a][b][ci][o], with
 * `inputChannelOf(o, ci)` choosing which input channel a kernel input slot reads (groups, depthwise).
 */
function windowProduct(x: Grid, kernel: number[][][][], bias: number[], g: ConvGeometry, inputChannelOf: (o: number, slot: number) => number): Grid {
  const [kh, kw] = [kernel.length, kernel[0]!.length];
  const [dh, dw] = g.dilation;
  const [ekh, ekw] = [(kh - 1) * dh + 1, (kw - 1) * dw + 1];
  const [h, w] = [x[0]!.length, x[0]![0]!.length];
  let rows: [number, number] = [0, 0];
  let cols: [number, number] = [0, 0];
  if (g.padding !== "valid") {
    rows = samePadding(h, ekh, g.strides[0]);
    cols = samePadding(w, ekw, g.strides[1]);
    if (g.padding === "causal") rows = [rows[0] + rows[1], 0];
  }
  const xp = pad(x, rows, cols);
  const [hp, wp] = [xp[0]!.length, xp[0]![0]!.length];
  const [ho, wo] = [Math.floor((hp - ekh) / g.strides[0]) + 1, Math.floor((wp - ekw) / g.strides[1]) + 1];
  const slots = kernel[0]![0]!.length;
  const outs = bias.length;
  return xp.map((img) =>
    Array.from({ length: ho }, (_, i) =>
      Array.from({ length: wo }, (_, j) =>
        Array.from({ length: outs }, (_, o) => {
          let sum = bias[o]!;
          for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) for (let s = 0; s < slots; s++) {
            sum += img[i * g.strides[0] + a * dh]![j * g.strides[1] + b * dw]![inputChannelOf(o, s)]! * kernel[a]![b]![s]![o]!;
          }
          return sum;
        }),
      ),
    ),
  );
}

/** np_conv2d (channels-last x [n, h, w, cin], kernel [kh, kw, cin/groups, cout]). */
export function npConv2d(x: Grid, kernel: number[][][][], bias: number[], g: ConvGeometry, groups: number): Grid {
  const slots = kernel[0]![0]!.length;
  const perGroup = bias.length / groups;
  return windowProduct(x, kernel, bias, g, (o, s) => Math.floor(o / perGroup) * slots + s);
}

/** np_conv1d: x [n, steps, cin], kernel [k, cin/groups, cout], as 2-D with width 1. */
export function npConv1d(x: number[][][], kernel: number[][][], bias: number[], strides: number, padding: ConvGeometry["padding"], dilation: number, groups: number): number[][][] {
  const x4 = x.map((img) => img.map((step) => [step]));
  const k4 = kernel.map((tap) => [tap]);
  return npConv2d(x4, k4, bias, { strides: [strides, 1], padding, dilation: [dilation, 1] }, groups).map((img) => img.map((row) => row[0]!));
}

/** np_depthwise_conv2d: kernel [kh, kw, cin, m]; output channel ci·m + k reads input channel ci. */
export function npDepthwiseConv2d(x: Grid, kernel: number[][][][], bias: number[], g: ConvGeometry): Grid {
  const [kh, kw, cin, m] = [kernel.length, kernel[0]!.length, kernel[0]![0]!.length, kernel[0]![0]![0]!.length];
  // As a grouped convolution with cin groups of one channel: kernel [kh, kw, 1, cin·m].
  const flat = Array.from({ length: kh }, (_, a) => Array.from({ length: kw }, (_, b) => [Array.from({ length: cin * m }, (_, o) => kernel[a]![b]![Math.floor(o / m)]![o % m]!)]));
  return windowProduct(x, flat, bias, g, (o) => Math.floor(o / m));
}

/** np_depthwise_conv1d: x [n, steps, cin], kernel [k, cin, m], as 2-D with width 1. */
export function npDepthwiseConv1d(x: number[][][], kernel: number[][][], bias: number[], strides: number, padding: "valid" | "same", dilation: number): number[][][] {
  const x4 = x.map((img) => img.map((step) => [step]));
  const k4 = kernel.map((tap) => [tap]);
  return npDepthwiseConv2d(x4, k4, bias, { strides: [strides, 1], padding, dilation: [dilation, 1] }).map((img) => img.map((row) => row[0]!));
}

export function transpose3(x: number[][][]): number[][][] {
  return x.map((m) => m[0]!.map((_, j) => m.map((row) => row[j]!)));
}

export function toChannelsFirst4(x: Grid): number[][][][] {
  return x.map((img) => img[0]![0]!.map((_, c) => img.map((row) => row.map((px) => px[c]!))));
}
