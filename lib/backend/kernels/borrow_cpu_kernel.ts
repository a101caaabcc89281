import * as tf from "@tensorflow/tfjs";
import { makeTensor, readValues } from "./host_tensors.js";

/**
 * Runs tfjs-backend-cpu's kernel on a wasm tensor's values (both live in host memory, so this
 * costs two copies). For the gradients wasm lacks that are rare in practice and whose cpu
 * kernels are sound: DepthwiseConv2dNative's two backprops.
 */
export function borrowCpuKernel(kernelName: string): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const kernel = tf.getKernel(kernelName, "cpu");
    const cpu = tf.findBackend("cpu");
    if (!kernel || !cpu) throw new Error(`${kernelName}: the cpu backend's kernel is not available`);
    const cpuInputs: tf.NamedTensorInfoMap = {};
    const created: tf.TensorInfo[] = [];
    try {
      for (const [name, tensor] of Object.entries(inputs as tf.NamedTensorInfoMap)) {
        if (!tensor) continue;
        const copy = makeTensor(cpu, tensor.shape, tensor.dtype, readValues(backend, tensor).slice());
        created.push(copy);
        cpuInputs[name] = copy;
      }
      const result = kernel.kernelFunc({ inputs: cpuInputs, backend: cpu, attrs }) as tf.TensorInfo;
      created.push(result);
      return makeTensor(backend, result.shape, result.dtype, readValues(cpu, result));
    } finally {
      for (const info of created) cpu.disposeData(info.dataId);
    }
  };
}
