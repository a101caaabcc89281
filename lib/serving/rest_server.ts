import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { PredictBatcher } from "./batcher.js";
import { ServingError } from "./errors.js";
import { modelMetadata } from "./metadata.js";
import type { ModelRepository } from "./model_repository.js";
import { parsePredictRequest } from "./request_tensors.js";
import { predictResponse } from "./response_json.js";

export interface RestServerOptions {
  modelName: string;
  host: string;
  port: number;
  maxBodyBytes: number;
  maxBatchSize: number;
}

const route = /^\/v1\/models\/([^/:]+)(?:\/versions\/([^/:]+))?(?:(\/metadata)|(:predict))?\/?$/;

/**
 * TF-Serving's REST API (tensorflow_serving/g3doc/api_rest.md) over Node's http server: model
 * status, metadata and predict, errors as `{"error": "..."}`.
 */
export class RestServer {
  private readonly server: http.Server;
  private readonly batcher: PredictBatcher;

  constructor(private readonly repository: ModelRepository, private readonly options: RestServerOptions) {
    this.batcher = new PredictBatcher(options.maxBatchSize);
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
  }

  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off("error", reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const body = await readBody(req, this.options.maxBodyBytes);
      const result = await this.dispatch(req.method ?? "GET", new URL(req.url ?? "/", "http://x").pathname, body);
      send(res, 200, result);
    } catch (e) {
      if (e instanceof ServingError) send(res, e.status, { error: e.message }, e.status === 413);
      else send(res, 500, { error: `internal error: ${(e as Error).message}` });
    }
  }

  private async dispatch(method: string, pathname: string, body: Buffer): Promise<unknown> {
    const m = route.exec(pathname);
    if (!m) throw new ServingError(404, `Malformed request: ${method} ${pathname}`);
    const [, name, versionText, metadata, predict] = m;
    const wantMethod = predict ? "POST" : "GET";
    if (method !== wantMethod) throw new ServingError(405, `Malformed request: ${method} ${pathname}: use ${wantMethod}`);
    let version: number | undefined;
    if (versionText !== undefined) {
      if (!/^\d+$/.test(versionText)) throw new ServingError(400, `Malformed request: version '${versionText}' is not a number`);
      version = Number(versionText);
    }
    const spec = version === undefined ? `Latest(${name})` : `Specific(${name}, ${version})`;
    if (name !== this.options.modelName) {
      throw new ServingError(404, version === undefined && !metadata && !predict ? `Could not find any versions of model ${name}` : `Servable not found for request: ${spec}`);
    }
    if (!metadata && !predict) {
      const versions = version === undefined ? this.repository.loadedVersions() : this.repository.get(version) ? [version] : [];
      if (versions.length === 0) throw new ServingError(404, `Servable not found for request: ${spec}`);
      return {
        model_version_status: versions.map((v) => ({ version: String(v), state: "AVAILABLE", status: { error_code: "OK", error_message: "" } })),
      };
    }
    const served = this.repository.get(version);
    if (!served) throw new ServingError(404, `Servable not found for request: ${spec}`);
    if (metadata) return modelMetadata(name, served.version, served.model);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch (e) {
      throw new ServingError(400, `JSON Parse error: ${(e as Error).message}`);
    }
    const request = parsePredictRequest(parsed, served.model);
    const outputs = await this.batcher.predict(served.model, request.inputs, request.batch);
    return predictResponse(request.format, outputs, request.batch);
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) {
      req.resume();
      reject(new ServingError(413, `request body of ${declared} bytes exceeds the limit of ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new ServingError(413, `request body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, status: number, value: unknown, closeAfter = false): void {
  const text = JSON.stringify(value, null, 4);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...(closeAfter ? { Connection: "close" } : {}),
  });
  res.end(text);
}
