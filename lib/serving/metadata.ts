import * as tf from "@tensorflow/tfjs";
import { inputNames, outputNames } from "./signature_names.js";

const dtypeNames: Record<string, string> = {
  float32: "DT_FLOAT",
  int32: "DT_INT32",
  bool: "DT_BOOL",
  string: "DT_STRING",
  complex64: "DT_COMPLEX64",
};

/** TF-Serving's `GET /v1/models/NAME[/versions/V]/metadata` body for a Layers model (signature `serving_default`). */
export function modelMetadata(name: string, version: number, model: tf.LayersModel): unknown {
  const describe = (tensors: tf.SymbolicTensor[], names: string[], kind: string) =>
    Object.fromEntries(
      tensors.map((t, k) => [
        names[k],
        {
          dtype: dtypeNames[t.dtype] ?? `DT_${t.dtype.toUpperCase()}`,
          tensor_shape: { dim: t.shape.map((d) => ({ size: String(d ?? -1), name: "" })), unknown_rank: false },
          name: kind === "input" ? `serving_default_${names[k]}:0` : `StatefulPartitionedCall:${k}`,
        },
      ]),
    );
  return {
    model_spec: { name, signature_name: "", version: String(version) },
    metadata: {
      signature_def: {
        signature_def: {
          serving_default: {
            inputs: describe(model.inputs, inputNames(model), "input"),
            outputs: describe(model.outputs, outputNames(model), "output"),
            method_name: "tensorflow/serving/predict",
          },
        },
      },
    },
  };
}
