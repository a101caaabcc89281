import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as layers from "../../../../lib/keras/layers/index.js";
import { repoRoot } from "../../../helpers/paths.js";

/**
 * `layer.apply`'s static types (lib/keras/layers/apply_types.ts). The first part is checked by
 * this repository's own tsc: each line must compile, and each `@ts-expect-error` line must
 * fail to (else tsc reports the unused directive). The second part type-checks notebook cells
 * as tslab does — its own TypeScript, its options, the prelude's import of dist/lib/index — so
 * the augmentation is known to reach the declarations a notebook sees.
 */

// Compile-time: symbolic in, symbolic out; tensor in, tensor out. Never called; tsc checks it.
function typesOnly(): void {
  const inputs: tf.SymbolicTensor = layers.Input({ shape: [4] });
  const hidden: tf.SymbolicTensor = layers.Dense(16).apply(inputs);
  const merged: tf.SymbolicTensor = layers.Concatenate().apply([hidden, inputs]);
  const sequence = layers.Input({ shape: [5, 3] });
  const recurrent: tf.SymbolicTensor = layers.LSTM(4).apply(sequence);
  const both: tf.SymbolicTensor = layers.Bidirectional(layers.LSTM(4)).apply(sequence);
  const tokens: tf.SymbolicTensor = layers.Embedding(10, 3).apply(layers.Input({ shape: [5] }));
  const attended: tf.SymbolicTensor = layers.MultiHeadAttention(2, 4).apply([sequence, sequence]);
  const [output, scores]: tf.SymbolicTensor[] = layers.Attention().apply([sequence, sequence], { returnAttentionScores: true });
  const eager: tf.Tensor = layers.Dense(2).apply(tf.zeros([1, 4]));
  const eagerMerge: tf.Tensor = layers.Add().apply([tf.zeros([1, 2]), tf.ones([1, 2])]);
  const vectors: tf.Tensor = layers.TextVectorization({ vocabulary: ["a"] }).apply(["a b"]);
  // @ts-expect-error a symbolic input does not give an eager tensor
  const wrong: tf.Tensor = layers.Dense(16).apply(inputs);
  // @ts-expect-error an eager input does not give a symbolic tensor
  const wrongEager: tf.SymbolicTensor = layers.Dense(2).apply(tf.zeros([1, 4]));
  void [merged, recurrent, both, tokens, attended, output, scores, eager, eagerMerge, vectors, wrong, wrongEager];
}
void typesOnly;

test("at run time the types tell the truth: a symbolic input gives a SymbolicTensor, a tensor a Tensor", () => {
  const inputs = layers.Input({ shape: [4] });
  const hidden = layers.Dense(3).apply(inputs);
  assert.ok(hidden instanceof tf.SymbolicTensor);
  assert.deepEqual(hidden.shape, [null, 3]);
  const merged = layers.Concatenate().apply([hidden, inputs]);
  assert.ok(merged instanceof tf.SymbolicTensor);
  assert.deepEqual(merged.shape, [null, 7]);
  const eager = layers.Dense(3).apply(tf.zeros([2, 4]));
  assert.ok(eager instanceof tf.Tensor);
  assert.deepEqual(eager.shape, [2, 3]);
  eager.dispose();
});

/** tslab's TypeScript 5.0 and the compiler options of tslab's converter (converter.js). */
function checkCell(source: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ts = require("@tslab/typescript-for-tslab") as typeof import("typescript");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apply-types-"));
  try {
    const file = path.join(dir, "cell.ts");
    const libIndex = path.join(repoRoot, "dist", "lib", "index");
    fs.writeFileSync(file, `import { tf, keras } from ${JSON.stringify(libIndex)};\nexport {};\n${source}\n`);
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
      declaration: true,
      resolveJsonModule: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
      typeRoots: [path.join(repoRoot, "node_modules", "@types")],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1} ` : "";
      return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("inside a notebook cell, keras.layers.Dense(16).apply(keras.Input(...)) is a tf.SymbolicTensor", () => {
  const ok = checkCell(`
const inputs = keras.Input({ shape: [4] });
const hidden: tf.SymbolicTensor = keras.layers.Dense(16, { activation: "relu" }).apply(inputs);
const outputs: tf.SymbolicTensor = keras.layers.Dense(3, { activation: "softmax" }).apply(hidden);
const both: tf.SymbolicTensor = keras.layers.Bidirectional(keras.layers.LSTM(4)).apply(keras.Input({ shape: [5, 2] }));
const eager: tf.Tensor = keras.layers.Dense(2).apply(tf.zeros([1, 4]));
const model = keras.Model({ inputs, outputs });
void [both, eager, model];
`);
  assert.deepEqual(ok, []);
  const wrong = checkCell(`const t: tf.Tensor = keras.layers.Dense(16).apply(keras.Input({ shape: [4] }));`);
  assert.equal(wrong.length, 1, wrong.join("\n"));
  assert.match(wrong[0], /^cell\.ts:3 Type 'SymbolicTensor' is missing the following properties from type 'Tensor/);
});
