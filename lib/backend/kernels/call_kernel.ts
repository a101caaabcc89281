import * as tf from "@tensorflow/tfjs";

/**
 * Composes kernels the way tfjs backends do internally: calls a registered kernel's function
 * directly (no engine, no tape) and tracks intermediates so they are freed afterwards.
 */
export class KernelCalls {
  private readonly intermediates: tf.TensorInfo[] = [];

  constructor(
    private readonly backendName: string,
    private readonly backend: object,
  ) {}

  /** Runs `kernelName`; the result is freed by `dispose()` unless it is `keep`-ed. */
  run(kernelName: string, inputs: tf.NamedTensorInfoMap | tf.TensorInfo[], attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    const kernel = tf.getKernel(kernelName, this.backendName);
    if (!kernel) throw new Error(`kernel ${kernelName} is not registered for backend ${this.backendName}`);
    const result = kernel.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, backend: this.backend, attrs }) as tf.TensorInfo;
    this.intermediates.push(result);
    return result;
  }

  keep(result: tf.TensorInfo): tf.TensorInfo {
    const index = this.intermediates.indexOf(result);
    if (index >= 0) this.intermediates.splice(index, 1);
    return result;
  }

  dispose(): void {
    for (const info of this.intermediates) (this.backend as tf.KernelBackend).disposeData(info.dataId);
    this.intermediates.length = 0;
  }
}
