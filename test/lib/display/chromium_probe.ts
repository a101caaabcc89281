import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";

export const chromium = "/usr/bin/chromium";
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface ProbeResult {
  plots: number;
  traces: number;
  total: string | undefined;
  graphNodes: number;
  resources: string[];
  violations: string[];
}

/** Records CSP violations from the start and, after load, what rendered and every resource the page fetched. */
export const probeScript = `<script>
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) { window.__violations.push(e.blockedURI); });
window.addEventListener("load", function () { setTimeout(function () {
  var r = {
    plots: document.querySelectorAll(".plotly-graph-div .main-svg").length,
    traces: document.querySelectorAll(".plotly-graph-div .scatterlayer .trace, .plotly-graph-div .barlayer .trace").length,
    total: (document.querySelector(".tk-total-params .tk-count") || {}).textContent,
    graphNodes: document.querySelectorAll("svg g.node").length,
    resources: performance.getEntriesByType("resource").map(function (e) { return e.name; }),
    violations: window.__violations
  };
  var pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(r); document.body.appendChild(pre);
}, 500); });
</script>`;

/** Adds the probe at the top of <head> of a copy of `htmlFile`, loads it in headless Chromium, returns what it saw; optionally screenshots it. */
export function probePage(html: string, screenshot?: string): ProbeResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-probe-"));
  const file = path.join(dir, "page.html");
  fs.writeFileSync(file, /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => m + probeScript) : probeScript + html);
  const run = (extra: string[]) =>
    execFileSync(chromium, [...flags, `--user-data-dir=${fs.mkdtempSync(path.join(dir, "profile-"))}`, "--virtual-time-budget=8000", "--window-size=1200,2400", ...extra, `file://${file}`], {
      encoding: "utf8",
      timeout: 90_000,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ["ignore", "pipe", "ignore"],
    });
  const dom = run(["--dump-dom"]);
  const m = /<pre id="probe">([^<]*)<\/pre>/.exec(dom);
  if (!m) throw new Error("the probe did not run in Chromium");
  if (screenshot) {
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    run([`--screenshot=${screenshot}`]);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")) as ProbeResult;
}

/** Requests that would leave the machine (file: pages may read local files such as Debian's require.js). */
export function networkRequests(r: ProbeResult): string[] {
  return [...r.resources, ...r.violations].filter((u) => /^(https?|wss?|ftp):/i.test(u));
}
