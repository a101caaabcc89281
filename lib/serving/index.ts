import * as tf from "@tensorflow/tfjs";
import { ModelRepository } from "./model_repository.js";
import { RestServer } from "./rest_server.js";

export { ServingError } from "./errors.js";
export { loadModelDir } from "./load_model_dir.js";

export interface ServeOptions {
  /** The name in `/v1/models/NAME` (default "model"). */
  modelName?: string;
  /** Default 8501, TF-Serving's REST port; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: only this machine can reach the model unless told otherwise. */
  host?: string;
  /** How often the base path is scanned for new versions (default 1000 ms; 0: never). */
  pollIntervalMs?: number;
  /** Largest request body accepted (default 16 MiB); a larger one is answered 413. */
  maxBodyBytes?: number;
  /** Most examples merged into one batched predict (default 256). */
  maxBatchSize?: number;
  /** Where load problems of new versions are reported (default console.error). */
  onError?: (message: string) => void;
}

/** A running server: `url` is the model's base URL (`http://host:port/v1/models/NAME`). */
export interface ServingHandle {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly modelName: string;
  readonly repository: ModelRepository;
  close(): Promise<void>;
}

/**
 * Serves a model with TF-Serving's REST API: either a `tf.LayersModel` from this session (served
 * as version 1) or a MODEL_BASE_PATH of numbered version folders each holding `model.json` (the
 * layout Experiment exports), whose highest version is served and whose new versions are picked
 * up while running.
 */
export async function serve(model: tf.LayersModel | string, options: ServeOptions = {}): Promise<ServingHandle> {
  const modelName = options.modelName ?? "model";
  if (typeof modelName !== "string" || !/^[A-Za-z0-9_.-]+$/.test(modelName)) {
    throw new Error(`serve: modelName must be letters, digits, '_', '.' or '-', got ${JSON.stringify(modelName)}`);
  }
  const port = options.port ?? 8501;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`serve: port must be an integer 0..65535, got ${port}`);
  const host = options.host ?? "127.0.0.1";
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  if (!(pollIntervalMs >= 0)) throw new Error(`serve: pollIntervalMs must be >= 0, got ${pollIntervalMs}`);
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new Error(`serve: maxBodyBytes must be a positive integer, got ${maxBodyBytes}`);
  const maxBatchSize = options.maxBatchSize ?? 256;

  let repository: ModelRepository;
  if (typeof model === "string") {
    repository = await ModelRepository.fromBasePath(model, pollIntervalMs, options.onError ?? ((m) => console.error(`serve: ${m}`)));
  } else if (model instanceof tf.LayersModel) {
    repository = ModelRepository.fromModel(model);
  } else {
    throw new Error("serve: model must be a tf.LayersModel or the path of a model base folder");
  }
  const server = new RestServer(repository, { modelName, host, port, maxBodyBytes, maxBatchSize });
  let address;
  try {
    address = await server.listen();
  } catch (e) {
    repository.close(typeof model === "string");
    throw new Error(`serve: cannot listen on ${host}:${port}: ${(e as Error).message}`);
  }
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}/v1/models/${modelName}`,
    host: address.address,
    port: address.port,
    modelName,
    repository,
    close() {
      // Models we loaded from disk are ours to dispose; a model passed in stays the caller's.
      closed ??= server.close().then(() => repository.close(typeof model === "string"));
      return closed;
    },
  };
}
