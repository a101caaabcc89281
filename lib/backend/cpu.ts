import * as tf from "@tensorflow/tfjs";
import { cpuModel } from "./cpu_model.js";
import { BackendUnavailable } from "./tfjs_node.js";
import type { StartedBackend } from "./types.js";

/** tfjs-backend-cpu: plain JavaScript kernels, always available. */
export async function startCpu(): Promise<StartedBackend> {
  if (!(await tf.setBackend("cpu"))) throw new BackendUnavailable("failed to initialise");
  return { device: cpuModel(), details: ["JavaScript kernels"] };
}
