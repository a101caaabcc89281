/** The backends `lib/backend` can run tfjs on, best first. */
export const backendNames = ["tfjs-node-gpu", "webgpu", "tfjs-node", "wasm", "cpu"] as const;
export type BackendName = (typeof backendNames)[number];

export interface BackendInfo {
  name: BackendName;
  /** GPU adapter description or CPU model. */
  device: string;
  /** Facts about the running backend, e.g. "SIMD", "1 thread", adapter limits. */
  details: string[];
  /** Each better backend that was not chosen, and why. */
  skipped: { name: string; reason: string }[];
}

/** What each backend's starter returns once tfjs runs on it. */
export interface StartedBackend {
  device: string;
  details: string[];
}

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === "string" && (backendNames as readonly string[]).includes(value);
}
