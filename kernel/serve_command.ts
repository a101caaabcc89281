/**
 * `tslab-keras serve MODEL_BASE_PATH --model-name NAME [--port 8501] [--host 127.0.0.1]`: serves
 * the numbered versions under MODEL_BASE_PATH with TF-Serving's REST API until SIGINT/SIGTERM.
 * TF-Serving's own flag spellings (`--model_base_path=`, `--model_name=`, `--rest_api_port=`) are
 * accepted too, so scripts written for tensorflow_model_server carry over.
 */
import { serve } from "../lib/serving/index.js";

const usage = "usage: tslab-keras serve MODEL_BASE_PATH --model-name NAME [--port 8501] [--host 127.0.0.1] [--poll-seconds 1]";

export interface ServeArgs {
  basePath: string;
  modelName: string;
  port: number;
  host: string;
  pollSeconds: number;
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const key = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)).replace(/_/g, "-");
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value\n${usage}`);
    flags.set(key === "rest-api-port" ? "port" : key, value);
  }
  const known = new Set(["model-name", "port", "host", "model-base-path", "poll-seconds", "file-system-poll-wait-seconds"]);
  for (const key of flags.keys()) if (!known.has(key)) throw new Error(`unknown option --${key}\n${usage}`);
  const basePath = flags.get("model-base-path") ?? positional[0];
  if (!basePath) throw new Error(`MODEL_BASE_PATH is missing\n${usage}`);
  if (positional.length > (flags.has("model-base-path") ? 0 : 1)) throw new Error(`unexpected argument ${positional.at(-1)}\n${usage}`);
  const modelName = flags.get("model-name");
  if (!modelName) throw new Error(`--model-name is required\n${usage}`);
  const port = Number(flags.get("port") ?? 8501);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer 0..65535, got ${flags.get("port")}`);
  const pollText = flags.get("poll-seconds") ?? flags.get("file-system-poll-wait-seconds") ?? "1";
  const pollSeconds = Number(pollText);
  if (!(pollSeconds >= 0)) throw new Error(`--poll-seconds must be a number >= 0, got ${pollText}`);
  return { basePath, modelName, port, host: flags.get("host") ?? "127.0.0.1", pollSeconds };
}

export async function serveCommand(argv: string[]): Promise<void> {
  const args = parseServeArgs(argv);
  const handle = await serve(args.basePath, {
    modelName: args.modelName,
    port: args.port,
    host: args.host,
    pollIntervalMs: args.pollSeconds * 1000,
  });
  const versions = handle.repository.loadedVersions();
  console.log(`Serving ${args.modelName} (versions ${versions.join(", ")}) from ${args.basePath}`);
  console.log(`REST API at ${handle.url}  (POST ${handle.url}:predict)`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void handle.close().then(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
