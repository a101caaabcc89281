import { ProtoWriter } from "./protobuf_writer.js";

/**
 * Encoders for tensorflow/core/util/event.proto (`Event`), framework/summary.proto (`Summary`,
 * `HistogramProto`) and framework/graph.proto (`GraphDef`), by their public field numbers.
 */

export interface HistogramData {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: number[];
  bucket: number[];
}

export interface GraphNode {
  name: string;
  op: string;
  inputs: string[];
  /** Shown by TensorBoard's node panel (AttrValue string `s`). */
  attrs?: Record<string, string>;
}

export type SummaryValue = { tag: string; simpleValue: number } | { tag: string; histogram: HistogramData };

export function fileVersionEvent(wallTime: number): Uint8Array {
  return new ProtoWriter().double(1, wallTime).uint64(2, 0).string(3, "brain.Event:2").finish();
}

export function summaryEvent(wallTime: number, step: number, values: SummaryValue[]): Uint8Array {
  return new ProtoWriter()
    .double(1, wallTime)
    .uint64(2, step)
    .message(5, (summary) => {
      for (const v of values) {
        summary.message(1, (value) => {
          value.string(1, v.tag);
          if ("simpleValue" in v) value.float(2, v.simpleValue);
          else value.message(5, (h) => encodeHistogram(h, v.histogram));
        });
      }
    })
    .finish();
}

export function graphEvent(wallTime: number, nodes: GraphNode[]): Uint8Array {
  const graph = new ProtoWriter();
  for (const node of nodes) {
    graph.message(1, (n) => {
      n.string(1, node.name).string(2, node.op);
      for (const input of node.inputs) n.string(3, input);
      for (const [key, s] of Object.entries(node.attrs ?? {})) {
        // map<string, AttrValue> is a repeated entry message {1: key, 2: value}; AttrValue.s is field 2.
        n.message(5, (entry) => entry.string(1, key).message(2, (attr) => attr.string(2, s)));
      }
    });
  }
  graph.message(4, (versions) => versions.uint64(1, 27));
  return new ProtoWriter().double(1, wallTime).uint64(2, 0).bytes(4, graph.finish()).finish();
}

function encodeHistogram(w: ProtoWriter, h: HistogramData): void {
  w.double(1, h.min).double(2, h.max).double(3, h.num).double(4, h.sum).double(5, h.sumSquares);
  w.packedDoubles(6, h.bucketLimit).packedDoubles(7, h.bucket);
}

/** Equal-width buckets between min and max (TensorBoard reads each bucket's right edge from bucket_limit). */
export function histogramOf(values: ArrayLike<number>, buckets = 30): HistogramData {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSquares += v * v;
  }
  if (values.length === 0) return { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  if (min === max) return { min, max, num: values.length, sum, sumSquares, bucketLimit: [max], bucket: [values.length] };
  const width = (max - min) / buckets;
  const bucket = new Array<number>(buckets).fill(0);
  for (let i = 0; i < values.length; i++) bucket[Math.min(buckets - 1, Math.floor((values[i] - min) / width))]++;
  const bucketLimit = bucket.map((_, i) => (i === buckets - 1 ? max : min + (i + 1) * width));
  return { min, max, num: values.length, sum, sumSquares, bucketLimit, bucket };
}
