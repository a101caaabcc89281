#!/usr/bin/env node
/**
 * `tslab-keras install|uninstall|kernel|run|serve`. Each command's module is loaded only when it
 * runs: `kernel` must answer Jupyter within milliseconds of launch.
 */

const USAGE = `usage:
  tslab-keras install [--user | --sys-prefix | --prefix DIR] [--python PY]
                                  register the "TypeScript (Keras)" kernel with Jupyter
  tslab-keras uninstall [--user | --sys-prefix | --prefix DIR]
  tslab-keras kernel CONNECTION_FILE
                                  start the kernel (Jupyter does this)
  tslab-keras run NB.ipynb... [--out DIR] [--to ipynb|html] [--allow-errors] [--timeout S]
                                  execute notebooks headless through the kernel
  tslab-keras serve MODEL_BASE_PATH --model-name NAME [--port 8501] [--host 127.0.0.1]
                                  serve a model with TF-Serving's REST API`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "kernel": {
      const file = rest.find((a) => !a.startsWith("-")) ?? valueOf(rest, "--config-path") ?? valueOf(rest, "-f");
      if (!file) throw new UsageError("kernel: the connection file is missing");
      const { launchKernel } = await import("./launch.js");
      await launchKernel(file);
      return -1; // keeps running
    }
    case "install":
    case "uninstall": {
      const { installKernelspec, uninstallKernelspec, parseLocation } = await import("./kernelspec.js");
      const where = parseLocation(rest);
      const dirs = command === "install" ? [installKernelspec(where)] : uninstallKernelspec(where);
      for (const d of dirs) console.log(`${command === "install" ? "installed" : "removed"} kernelspec tslab-keras in ${d}`);
      if (command === "uninstall" && dirs.length === 0) console.log("no tslab-keras kernelspec found");
      return 0;
    }
    case "run": {
      const { runCommand } = await import("./runner.js");
      return runCommand(rest);
    }
    case "serve": {
      // The serving command lives with the serving code (lib/serving); loaded only here.
      const mod = await import("./serve_command.js" as string).catch((e: Error) => {
        throw new Error(`serve is not available in this build: ${e.message}`);
      });
      await (mod as { serveCommand(argv: string[]): Promise<void> }).serveCommand(rest);
      return -1;
    }
    case "--version":
    case "-V": {
      const { ourVersion } = await import("./versions.js");
      console.log(ourVersion());
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

export class UsageError extends Error {}

export function valueOf(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(flag + "="));
  return eq?.slice(flag.length + 1);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e: Error) => {
      console.error(`tslab-keras: ${e.message}`);
      if (e instanceof UsageError) console.error(USAGE);
      process.exitCode = e instanceof UsageError ? 2 : 1;
    },
  );
}
