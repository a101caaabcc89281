import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as protobuf from "protobufjs";
import * as tf from "@tensorflow/tfjs";
import { TensorBoard } from "../../../../lib/keras/callbacks/tensorboard.js";
import { onBackends, onCpuOnly } from "../backends.js";

// The messages as tensorflow/core/util/event.proto, framework/summary.proto and graph.proto
// define them (only the fields TensorBoard reads for scalars, histograms and graphs).
const protoText = `
syntax = "proto3";
package tensorflow;
message HistogramProto {
  double min = 1; double max = 2; double num = 3; double sum = 4; double sum_squares = 5;
  repeated double bucket_limit = 6 [packed = true];
  repeated double bucket = 7 [packed = true];
}
message Summary {
  message Value {
    string node_name = 7;
    string tag = 1;
    oneof value { float simple_value = 2; bytes obsolete_old_style_histogram = 3; HistogramProto histo = 5; }
  }
  repeated Value value = 1;
}
message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what { string file_version = 3; bytes graph_def = 4; Summary summary = 5; bytes meta_graph_def = 9; }
}
message AttrValue { oneof value { bytes s = 2; int64 i = 3; float f = 4; bool b = 5; } }
message NodeDef { string name = 1; string op = 2; repeated string input = 3; string device = 4; map<string, AttrValue> attr = 5; }
message VersionDef { int32 producer = 1; int32 min_consumer = 2; }
message GraphDef { repeated NodeDef node = 1; VersionDef versions = 4; int32 version = 3; }
`;
const root = protobuf.parse(protoText).root;
const Event = root.lookupType("tensorflow.Event");
const GraphDef = root.lookupType("tensorflow.GraphDef");

// An independent bitwise CRC-32C (no table), checked against the RFC 3720 vectors below.
function crc32cBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82f63b78 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
const mask = (crc: number) => ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;

function readRecords(file: string): Record<string, any>[] {
  const buf = fs.readFileSync(file);
  const events: Record<string, any>[] = [];
  let at = 0;
  while (at < buf.length) {
    const len = Number(buf.readBigUInt64LE(at));
    assert.equal(buf.readUInt32LE(at + 8), mask(crc32cBitwise(buf.subarray(at, at + 8))), `length CRC at ${at}`);
    const data = buf.subarray(at + 12, at + 12 + len);
    assert.equal(buf.readUInt32LE(at + 12 + len), mask(crc32cBitwise(data)), `data CRC at ${at}`);
    events.push(Event.toObject(Event.decode(data), { longs: Number, defaults: false }));
    at += 12 + len + 4;
  }
  assert.equal(at, buf.length, "no trailing bytes");
  return events;
}

onBackends(() => {
  test("TensorBoard writes event files TensorBoard's protobufs parse, with verified CRCs", async () => {
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "tb-test-"));
    try {
      const model = tf.sequential();
      model.add(tf.layers.dense({ units: 4, inputShape: [3], activation: "relu", name: "hidden" }));
      model.add(tf.layers.dense({ units: 1, activation: "sigmoid", name: "out" }));
      model.compile({ optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"] });
      const x = tf.randomUniform([32, 3], -1, 1, "float32", 1);
      const y = tf.cast(tf.greater(tf.sum(x, 1, true), 0), "float32");
      const tb = new TensorBoard({ logDir, histogramFreq: 1, updateFreq: 2 });
      const history = await model.fit(x, y, { epochs: 3, batchSize: 8, validationSplit: 0.25, callbacks: [tb], verbose: 0 });

      const trainFiles = fs.readdirSync(path.join(logDir, "train"));
      assert.equal(trainFiles.length, 1);
      assert.match(trainFiles[0], /^events\.out\.tfevents\.\d+\..+\.\d+\.v2$/);
      const train = readRecords(path.join(logDir, "train", trainFiles[0]));
      assert.equal(train[0].fileVersion, "brain.Event:2");

      const graph = GraphDef.toObject(GraphDef.decode(train.find((e) => e.graphDef)!.graphDef)) as { node: { name: string; op: string; input?: string[] }[] };
      const byName = new Map(graph.node.map((n) => [n.name, n]));
      assert.equal(byName.get("hidden")!.op, "Dense");
      assert.deepEqual(byName.get("out")!.input, ["hidden"]);

      const scalar = (events: Record<string, any>[], tag: string) =>
        events.flatMap((e) => (e.summary?.value ?? []).filter((v: any) => v.tag === tag && v.simpleValue !== undefined).map((v: any) => [e.step ?? 0, v.simpleValue]));
      const epochLoss = scalar(train, "epoch_loss");
      assert.deepEqual(epochLoss.map(([s]) => s), [0, 1, 2]);
      epochLoss.forEach(([, v], i) => assert.ok(Math.abs(v - (history.history.loss[i] as number)) < 1e-6));
      assert.equal(scalar(train, "epoch_acc").length + scalar(train, "epoch_accuracy").length, 3);
      // 24 training rows / batch 8 = 3 batches per epoch, 9 in all: batch scalars at steps 2, 4, 6, 8.
      assert.deepEqual(scalar(train, "batch_loss").map(([s]) => s), [2, 4, 6, 8]);

      const histos = train.flatMap((e) => (e.summary?.value ?? []).filter((v: any) => v.histo).map((v: any) => ({ step: e.step ?? 0, ...v })));
      const kernel = histos.filter((h) => /hidden.*kernel/.test(h.tag));
      assert.equal(kernel.length, 3);
      const h = kernel[2].histo;
      assert.equal(h.num, 12);
      assert.equal((h.bucket as number[]).reduce((a, b) => a + b, 0), 12);
      const weights = Array.from(model.getLayer("hidden").getWeights()[0].dataSync());
      assert.ok(Math.abs(h.min - Math.min(...weights)) < 1e-6 && Math.abs(h.max - Math.max(...weights)) < 1e-6);

      const valFiles = fs.readdirSync(path.join(logDir, "validation"));
      const val = readRecords(path.join(logDir, "validation", valFiles[0]));
      assert.equal(val[0].fileVersion, "brain.Event:2");
      const valLoss = scalar(val, "epoch_loss");
      valLoss.forEach(([, v], i) => assert.ok(Math.abs(v - (history.history.val_loss![i] as number)) < 1e-6));
      model.dispose();
    } finally {
      fs.rmSync(logDir, { recursive: true, force: true });
    }
  });
});

// These call no kernel whose result depends on the backend: once is enough.
onCpuOnly(() => {
  test("the test's CRC-32C matches the published check values", () => {
    assert.equal(crc32cBitwise(new TextEncoder().encode("123456789")), 0xe3069283);
    assert.equal(crc32cBitwise(new Uint8Array(32)), 0x8a9136aa);
    assert.equal(crc32cBitwise(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  });

  test("TensorBoard rejects bad arguments by name", () => {
    assert.throws(() => new TensorBoard({ updateFreq: "often" as "epoch" }), /updateFreq/);
    assert.throws(() => new TensorBoard({ histogramFreq: -1 }), /histogramFreq/);
    assert.throws(() => new TensorBoard({ logDir: "" }), /logDir/);
  });
});
