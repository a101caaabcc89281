import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as applications from "../../../../lib/keras/applications/index.js";

/**
 * Keras's parameter counts for the default input shape, weights=None.
 * Totals: keras.io/api/applications ("Size / Parameters" table: InceptionV3 23.9M, ResNet50 25.6M,
 * MobileNetV2 3.5M, VGG16 138.4M, Xception 22.9M, DenseNet121 8.1M) — exactly as Keras's
 * `model.summary()` prints them ("Total params / Trainable params / Non-trainable params"; e.g. VGG16's
 * 138,357,544 with fc1 102,764,544, fc2 16,781,312, predictions 4,097,000 as quoted in
 * stackoverflow.com/questions/72054299).
 * Derivations from the architecture code (keras/src/applications/*.py):
 * - non-trainable = 2 × (channels of every BatchNormalization) (moving_mean, moving_variance).
 *   ResNet50: BN channels 64 + [3×(64+64+256)+256] + [4×(128+128+512)+512] + [6×(256+256+1024)+1024]
 *   + [3×(512+512+2048)+2048] = 26,560 → 53,120.
 * - includeTop false removes only the `predictions` Dense (and VGG16's fc1/fc2):
 *   2048×1000+1000 = 2,049,000 (InceptionV3, ResNet50, Xception); 1280×1000+1000 = 1,281,000
 *   (MobileNetV2); 1024×1000+1000 = 1,025,000 (DenseNet121); VGG16: 25088×4096+4096 + 4096×4096+4096
 *   + 4096×1000+1000 = 123,642,856.
 * - weight variables (`model.weights`, Keras's `len(model.weights)`):
 *   InceptionV3: 94 conv2d_bn × (kernel + BN beta/mean/var, scale=False) = 376, +2 for predictions.
 *   ResNet50: 53 Conv2D × 2 (bias on) + 53 BN × 4 = 318, +2.
 *   MobileNetV2: 52 convolutions without bias (Conv1, 2 in block 0, 3 × 16 blocks, Conv_1) + 52 BN × 4 = 260, +2.
 *   VGG16: 13 Conv2D × 2 = 26; +3 Dense × 2 = 32.
 *   Xception: 6 Conv2D + 34 SeparableConv2D × 2 (no bias) + 40 BN × 4 = 234, +2.
 *   DenseNet121: 120 Conv2D (no bias) + 121 BN × 4 = 604, +2.
 */
const KERAS_PARAMETER_TABLE: Array<{
  app: "InceptionV3" | "ResNet50" | "MobileNetV2" | "VGG16" | "Xception" | "DenseNet121";
  includeTop: boolean;
  total: number;
  trainable: number;
  nonTrainable: number;
  weights: number;
  outputShape: Array<number | null>;
}> = [
  { app: "InceptionV3", includeTop: true, total: 23_851_784, trainable: 23_817_352, nonTrainable: 34_432, weights: 378, outputShape: [null, 1000] },
  { app: "InceptionV3", includeTop: false, total: 21_802_784, trainable: 21_768_352, nonTrainable: 34_432, weights: 376, outputShape: [null, null, null, 2048] },
  { app: "ResNet50", includeTop: true, total: 25_636_712, trainable: 25_583_592, nonTrainable: 53_120, weights: 320, outputShape: [null, 1000] },
  { app: "ResNet50", includeTop: false, total: 23_587_712, trainable: 23_534_592, nonTrainable: 53_120, weights: 318, outputShape: [null, null, null, 2048] },
  { app: "MobileNetV2", includeTop: true, total: 3_538_984, trainable: 3_504_872, nonTrainable: 34_112, weights: 262, outputShape: [null, 1000] },
  { app: "MobileNetV2", includeTop: false, total: 2_257_984, trainable: 2_223_872, nonTrainable: 34_112, weights: 260, outputShape: [null, null, null, 1280] },
  { app: "VGG16", includeTop: true, total: 138_357_544, trainable: 138_357_544, nonTrainable: 0, weights: 32, outputShape: [null, 1000] },
  { app: "VGG16", includeTop: false, total: 14_714_688, trainable: 14_714_688, nonTrainable: 0, weights: 26, outputShape: [null, null, null, 512] },
  { app: "Xception", includeTop: true, total: 22_910_480, trainable: 22_855_952, nonTrainable: 54_528, weights: 236, outputShape: [null, 1000] },
  { app: "Xception", includeTop: false, total: 20_861_480, trainable: 20_806_952, nonTrainable: 54_528, weights: 234, outputShape: [null, null, null, 2048] },
  { app: "DenseNet121", includeTop: true, total: 8_062_504, trainable: 7_978_856, nonTrainable: 83_648, weights: 606, outputShape: [null, 1000] },
  { app: "DenseNet121", includeTop: false, total: 7_037_504, trainable: 6_953_856, nonTrainable: 83_648, weights: 604, outputShape: [null, null, null, 1024] },
];

function countParams(variables: tf.LayerVariable[]): number {
  return variables.reduce((n, v) => n + (v.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

for (const row of KERAS_PARAMETER_TABLE) {
  test(`${row.app}({ includeTop: ${row.includeTop} }) has Keras's parameter counts`, () => {
    const model = applications[row.app]({ weights: null, includeTop: row.includeTop });
    try {
      assert.equal(countParams(model.trainableWeights), row.trainable, "trainable params");
      assert.equal(countParams(model.nonTrainableWeights), row.nonTrainable, "non-trainable params");
      assert.equal(model.countParams(), row.total, "total params");
      assert.equal(model.weights.length, row.weights, "weight variables");
      assert.deepEqual(model.outputs[0]!.shape, row.outputShape);
      // Keras initialises every kernel with glorot_uniform (tfjs's own default is glorotNormal).
      for (const layer of model.layers) {
        const config = layer.getConfig();
        for (const key of ["kernelInitializer", "depthwiseInitializer", "pointwiseInitializer"]) {
          // tfjs serialises glorotUniform as VarianceScaling(scale 1, fanAvg, uniform), as Keras defines it.
          const init = config[key] as { className: string; config: Record<string, unknown> } | undefined;
          if (init === undefined) continue;
          assert.deepEqual(
            [init.className, init.config["scale"], init.config["mode"], init.config["distribution"]],
            ["VarianceScaling", 1, "fanAvg", "uniform"],
            `${layer.name}.${key}`,
          );
        }
      }
    } finally {
      model.dispose();
    }
  });
}

test("the per-model namespaces carry Keras's helpers", () => {
  assert.equal(applications.inception_v3.InceptionV3, applications.InceptionV3);
  assert.equal(applications.resnet50.ResNet50, applications.ResNet50);
  assert.equal(applications.resnet.ResNet50, applications.ResNet50);
  assert.equal(applications.mobilenet_v2.MobileNetV2, applications.MobileNetV2);
  assert.equal(applications.vgg16.VGG16, applications.VGG16);
  assert.equal(applications.xception.Xception, applications.Xception);
  assert.equal(applications.densenet.DenseNet121, applications.DenseNet121);
  for (const ns of [
    applications.inception_v3,
    applications.resnet50,
    applications.mobilenet_v2,
    applications.vgg16,
    applications.xception,
    applications.densenet,
  ]) {
    assert.equal(typeof ns.preprocessInput, "function");
    assert.equal(ns.decodePredictions, applications.imagenet_utils.decodePredictions);
  }
});
