/**
 * Port of Keras 3's keras/src/metrics/reduction_metrics_test.py SumTest (unweighted, weighted, n-d
 * and n-d broadcast weights, config) and MeanTest (unweighted, weighted, negative weights, n-d and
 * n-d broadcast weights, config name), with Keras's literal values, on every backend.
 *
 * Skipped:
 * - SumTest.test_config's dtype and from_config: no dtype policies or metric deserialization; the
 *   name and getConfig are checked.
 * - MetricWrapperTest: we don't expose `MeanMetricWrapper` (the regression metrics built on it
 *   are in regression_metrics_test).
 * - MeanTest.test_config's variables/_dtype/from_config: no dtype policies or metric
 *   deserialization; the name and getConfig are checked.
 * - MeanTest.test_weighted_dynamic_shapes: compute_output_spec on symbolic KerasTensors, none here.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as metrics from "../../../../lib/keras/metrics/index.js";
import { onBackends, onCpuOnly } from "../backends.js";

type M = metrics.StatefulMetric;
const result = (m: M) => m.result().dataSync()[0]!;
const near = (m: M, expected: number, what: string) => assert.ok(Math.abs(result(m) - expected) <= 1e-3, `${what}: ${result(m)} vs ${expected}`);

onBackends(() => {
  test("SumTest.test_unweighted", () => {
    const m = metrics.Sum({ name: "sum" });
    m.updateState([1, 3, 5, 7]);
    near(m, 16, "unweighted");
  });
  test("SumTest.test_weighted", () => {
    const m = metrics.Sum({ name: "sum" });
    m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    near(m, 4, "weighted");
  });
  test("SumTest.test_weighted_nd", () => {
    const m = metrics.Sum({ name: "sum" });
    m.updateState([[1, 3], [5, 7]], [[1, 1], [1, 0]]);
    near(m, 9, "n-d");
  });
  test("SumTest.test_weighted_nd_broadcast", () => {
    const m = metrics.Sum({ name: "sum" });
    m.updateState([[1, 3], [5, 7]], [[1, 0]]);
    near(m, 6, "n-d broadcast");
  });
  test("Sum accumulates across updates and resetState starts over", () => {
    const m = metrics.Sum();
    m.updateState([1, 3]);
    m.updateState([[5, 7]]);
    near(m, 16, "1 + 3 + 5 + 7");
    m.resetState();
    near(m, 0, "after resetState");
  });
  test("MeanTest.test_unweighted", () => {
    const m = metrics.Mean({ name: "mean" });
    m.updateState([1, 3, 5, 7]);
    near(m, 4, "unweighted");
  });
  test("MeanTest.test_weighted", () => {
    const m = metrics.Mean({ name: "mean" });
    m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    near(m, 2, "weighted");
  });
  test("MeanTest.test_weighted_negative_weights", () => {
    const m = metrics.Mean({ name: "mean" });
    m.updateState([1, 3, 5, 7], [-1, -1, 0, 0]);
    near(m, 2, "negative weights");
  });
  test("MeanTest.test_weighted_nd", () => {
    const m = metrics.Mean({ name: "mean" });
    m.updateState([[1, 3], [5, 7]], [[1, 1], [1, 0]]);
    near(m, 3, "n-d");
  });
  test("MeanTest.test_weighted_nd_broadcast", () => {
    const m = metrics.Mean({ name: "mean" });
    m.updateState([[1, 3], [5, 7]], [[1, 0]]);
    near(m, 3, "n-d broadcast");
  });
  test("Mean accumulates across updates and resetState starts over", () => {
    const m = metrics.Mean();
    m.updateState([1, 3]);
    m.updateState([5, 7], [1, 0]);
    near(m, 3, "(1 + 3 + 5) / 3");
    m.resetState();
    near(m, 0, "after resetState");
    m.updateState([2]);
    near(m, 2, "after reset, one value");
  });
});

onCpuOnly(() => {
  test("SumTest.test_config", () => {
    const m = metrics.Sum({ name: "sum" });
    assert.equal(m.kerasName, "sum");
    assert.equal(metrics.Sum().kerasName, "sum");
    assert.deepEqual((m as unknown as { getConfig(): unknown }).getConfig(), { name: "sum" });
    assert.equal((m.clone() as M).kerasName, "sum");
    assert.throws(() => metrics.Sum({ name: 3 as never }), /Sum: `name` must be/);
  });
  test("MeanTest.test_config: the name (default 'mean')", () => {
    assert.equal(metrics.Mean({ name: "mean" }).kerasName, "mean");
    assert.equal(metrics.Mean().kerasName, "mean");
    assert.equal(metrics.Mean({ name: "my_mean" }).kerasName, "my_mean");
  });
});
