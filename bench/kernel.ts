import { KernelClient } from "../kernel/client.js";
import { kernelArgv } from "../kernel/kernelspec.js";

/**
 * bench/kernel: start-up and per-cell latency of our kernel against Debian's ipykernel, both
 * driven by the same client in the same run. Run: `node dist/bench/kernel.js [--starts N] [--cells N]`.
 */

interface Peer {
  name: string;
  argv: string[];
  trivial: string;
  declare: (i: number) => string;
}

const peers: Peer[] = [
  {
    name: "tslab-keras",
    argv: kernelArgv(),
    trivial: "1+1",
    declare: (i) => `function f${i}(x: number): number { return x * ${i}; }`,
  },
  {
    name: "ipykernel",
    argv: ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    trivial: "1+1",
    declare: (i) => `def f${i}(x):\n    return x * ${i}`,
  },
];

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function measure(peer: Peer, starts: number, cells: number) {
  const kernelInfo: number[] = [];
  const firstResult: number[] = [];
  for (let s = 0; s < starts; s++) {
    const c = await KernelClient.start({ argv: peer.argv, cwd: process.cwd() });
    await c.waitReady();
    kernelInfo.push(c.kernelInfoRepliedAt! - c.spawnedAt);
    const r = await c.execute(peer.trivial);
    if (r.reply.content.status !== "ok") throw new Error(`${peer.name}: ${JSON.stringify(r.reply.content)}`);
    firstResult.push(performance.now() - c.spawnedAt);
    await c.shutdown();
  }
  const c = await KernelClient.start({ argv: peer.argv, cwd: process.cwd() });
  await c.waitReady();
  await c.execute(peer.trivial);
  const trivial: number[] = [];
  const declaring: number[] = [];
  for (let i = 0; i < cells; i++) {
    let t = performance.now();
    await c.execute(peer.trivial);
    trivial.push(performance.now() - t);
    t = performance.now();
    const r = await c.execute(peer.declare(i));
    if (r.reply.content.status !== "ok") throw new Error(`${peer.name}: ${JSON.stringify(r.reply.content)}`);
    declaring.push(performance.now() - t);
  }
  await c.shutdown();
  return {
    "start → kernel_info reply (median)": pct(kernelInfo, 50),
    "start → first result (median)": pct(firstResult, 50),
    "`1+1` p50": pct(trivial, 50),
    "`1+1` p95": pct(trivial, 95),
    "declaring cell p50": pct(declaring, 50),
    "declaring cell p95": pct(declaring, 95),
  };
}

async function main() {
  const starts = arg("--starts", 3);
  const cells = arg("--cells", 40);
  const results: Record<string, Record<string, number>> = {};
  for (const p of peers) results[p.name] = await measure(p, starts, cells);
  const [ours, peer] = [results["tslab-keras"], results["ipykernel"]];
  console.log(`bench/kernel: ${starts} starts, ${cells} cells each; times in ms; ratio = tslab-keras / ipykernel (lower is better)`);
  console.log(`${"measure".padEnd(36)}${"tslab-keras".padStart(12)}${"ipykernel".padStart(12)}${"ratio".padStart(8)}`);
  for (const k of Object.keys(ours)) console.log(`${k.padEnd(36)}${ours[k].toFixed(1).padStart(12)}${peer[k].toFixed(1).padStart(12)}${(ours[k] / peer[k]).toFixed(2).padStart(8)}`);
  console.log(`targets: kernel_info < 300 ms (${ours["start → kernel_info reply (median)"] < 300 ? "met" : "NOT met"}); 1+1 p50 <= ipykernel (${ours["`1+1` p50"] <= peer["`1+1` p50"] ? "met" : "NOT met"}); declaring cell <= 2x (${ours["declaring cell p50"] <= 2 * peer["declaring cell p50"] ? "met" : "NOT met"})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
