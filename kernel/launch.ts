import { installRuntimeFallback } from "./anywhere.js";
import { KernelServer } from "./server.js";

/**
 * Starts the kernel for a Jupyter connection file. SIGINT (Jupyter's default interrupt) stops
 * the running cell: synchronous code through vm's breakOnSigint, awaits through the cell guard.
 */
export async function launchKernel(connectionFile: string): Promise<KernelServer> {
  installRuntimeFallback();
  const server = KernelServer.fromFile(connectionFile);
  process.on("SIGINT", () => server.kernel.interrupt());
  process.on("SIGTERM", () => {
    void server.close().finally(() => process.exit(0));
  });
  await server.start();
  return server;
}
