import { KernelClient } from "../kernel/client.js";
import { kernelArgv } from "../kernel/kernelspec.js";

/**
 * bench/kernel: start-up and per-cell latency of our kernel against Debian's ipykernel, both
 * driven by the same client in the same run. Run: `node dist/bench/kernel.js [--starts N] [--cells N]`.
 *
 * `--session N` (e.g. 200) instead runs one N-cell notebook on each kernel — declarations,
 * models and plots mixed, each cell using names from earlier ones — and prints each kind's cell
 * p50 per 50 cells, and how much a cell's cost grew from the start of the session (cells 10–50)
 * to its end (the last 50 cells): tslab re-checks each cell against every earlier declaration.
 */

interface Peer {
  name: string;
  argv: string[];
  trivial: string;
  declare: (i: number) => string;
  /** Cell i of the mixed session, by kind; each may use names earlier cells defined. */
  session: Record<SessionKind, (i: number) => string>;
}

type SessionKind = "declaration" | "model" | "plot";
const SESSION_KINDS: SessionKind[] = ["declaration", "declaration", "model", "plot"];

const peers: Peer[] = [
  {
    name: "tslab-keras",
    argv: kernelArgv(),
    trivial: "1+1",
    declare: (i) => `function f${i}(x: number): number { return x * ${i}; }`,
    session: {
      declaration: (i) => `interface Row${i} { id: number; name: string }\nconst rows${i}: Row${i}[] = [{ id: ${i}, name: "r${i}" }];\nfunction total${i}(xs: Row${i}[]): number { return xs.reduce((s, r) => s + r.id, 0)${i > 4 ? ` + total${i - 4}(rows${i - 4})` : ""}; }\ntotal${i}(rows${i})`,
      model: (i) => `const model${i} = keras.Sequential([keras.layers.Dense(8, { inputShape: [4], activation: "relu" }), keras.layers.Dense(1)]);\nmodel${i}.compile({ optimizer: "adam", loss: "mse" });\nmodel${i}.countParams()`,
      plot: (i) => `plot.figure({ data: [{ type: "scatter", x: [1, 2, 3], y: [${i}, ${i + 1}, ${i}] }], layout: { title: { text: "cell ${i}" } } });`,
    },
  },
  {
    name: "ipykernel",
    argv: ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    trivial: "1+1",
    declare: (i) => `def f${i}(x):\n    return x * ${i}`,
    session: {
      declaration: (i) => `class Row${i}:\n    def __init__(self, id, name):\n        self.id, self.name = id, name\nrows${i} = [Row${i}(${i}, "r${i}")]\ndef total${i}(xs):\n    return sum(r.id for r in xs)${i > 4 ? ` + total${i - 4}(rows${i - 4})` : ""}\ntotal${i}(rows${i})`,
      model: (i) => `model${i} = [[0.0] * 8 for _ in range(4)], [0.0] * 8, [[0.0] for _ in range(8)], [0.0]\nsum(len(w) * (len(w[0]) if isinstance(w[0], list) else 1) for w in model${i})`,
      plot: (i) => `from IPython.display import display, HTML\ndisplay(HTML('<svg width="60" height="20"><polyline points="0,${i % 20} 30,${(i + 1) % 20} 60,${i % 20}"/></svg>'))`,
    },
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

async function measureSession(peer: Peer, cells: number): Promise<{ ms: number[]; kinds: SessionKind[] }> {
  const c = await KernelClient.start({ argv: peer.argv, cwd: process.cwd() });
  await c.waitReady();
  await c.execute(peer.trivial);
  const ms: number[] = [];
  const kinds: SessionKind[] = [];
  for (let i = 1; i <= cells; i++) {
    const kind = SESSION_KINDS[i % SESSION_KINDS.length];
    const t = performance.now();
    const r = await c.execute(peer.session[kind](i));
    if (r.reply.content.status !== "ok") throw new Error(`${peer.name}, cell ${i}: ${JSON.stringify(r.reply.content)}`);
    ms.push(performance.now() - t);
    kinds.push(kind);
  }
  await c.shutdown();
  return { ms, kinds };
}

async function session(cells: number) {
  const results = new Map<string, { ms: number[]; kinds: SessionKind[] }>();
  for (const p of peers) results.set(p.name, await measureSession(p, cells));
  console.log(`bench/kernel --session ${cells}: one ${cells}-cell notebook per kernel (declarations, models, plots mixed); cell p50 in ms per 50 cells`);
  const windows: [number, number][] = [];
  for (let from = 1; from <= cells; from += 50) windows.push([from, Math.min(cells, from + 49)]);
  const header = ["kernel".padEnd(12), "kind".padEnd(12), ...windows.map(([a, b]) => `${a}-${b}`.padStart(10)), "growth".padStart(8)].join("");
  console.log(header);
  const growth: Record<string, number> = {};
  for (const [name, r] of results) {
    for (const kind of [...new Set(SESSION_KINDS), "all"] as (SessionKind | "all")[]) {
      const pick = (a: number, b: number) => r.ms.filter((_, j) => j + 1 >= a && j + 1 <= b && (kind === "all" || r.kinds[j] === kind));
      const row = windows.map(([a, b]) => pct(pick(a, b), 50));
      // From cell 10 (the first cells warm caches up) to the session's last 50 cells.
      const g = pct(pick(Math.max(1, cells - 49), cells), 50) / pct(pick(10, Math.min(cells, 50)), 50);
      growth[`${name} ${kind}`] = g;
      console.log([name.padEnd(12), kind.padEnd(12), ...row.map((v) => v.toFixed(1).padStart(10)), `${g.toFixed(2)}x`.padStart(8)].join(""));
    }
  }
  const [ours, peer] = [results.get("tslab-keras")!, results.get("ipykernel")!];
  const allIn = (r: { ms: number[] }, a: number, b: number) => pct(r.ms.slice(a - 1, b), 50);
  console.log([`ratio`.padEnd(12), "all".padEnd(12), ...windows.map(([a, b]) => `${(allIn(ours, a, b) / allIn(peer, a, b)).toFixed(2)}x`.padStart(10))].join("") + "   (tslab-keras / ipykernel, lower is better)");
  const worst = Math.max(...Object.entries(growth).filter(([k]) => k.startsWith("tslab-keras")).map(([, v]) => v));
  console.log(`target: a cell's cost grows at most 2x from cell 10 to cell ${cells} (tslab-keras worst kind ${worst.toFixed(2)}x: ${worst <= 2 ? "met" : "NOT met"})`);
}

async function main() {
  const sessionCells = arg("--session", 0);
  if (sessionCells > 0) return session(sessionCells);
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
