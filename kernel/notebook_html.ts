import { joinSource, type Notebook, type Output } from "./notebook.js";

/**
 * An executed notebook as one self-contained HTML page that works offline: styles inline,
 * outputs as the kernel sent them (rich HTML and its scripts run in place, so a plotly figure
 * whose library came in an earlier output of the same notebook draws), nothing fetched.
 */

const MIME_ORDER = ["text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/latex", "application/json", "text/plain"];

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

function markdown(src: string): string {
  const { marked } = require("marked") as { marked: { parse(src: string, opts: { async: false; gfm: boolean }): string } };
  return marked.parse(src, { async: false, gfm: true }) as string;
}

function renderData(data: Record<string, unknown>): string {
  const mime = MIME_ORDER.find((m) => m in data) ?? Object.keys(data)[0];
  if (mime === undefined) return "";
  const v = data[mime];
  const text = Array.isArray(v) ? v.join("") : typeof v === "string" ? v : JSON.stringify(v, null, 2);
  switch (mime) {
    case "text/html":
    case "image/svg+xml":
      return `<div class="output-html">${text}</div>`;
    case "image/png":
    case "image/jpeg":
      return `<img class="output-image" alt="" src="data:${mime};base64,${text.replace(/\s/g, "")}">`;
    case "text/markdown":
      return `<div class="output-markdown">${markdown(text)}</div>`;
    default:
      return `<pre class="output-text">${escapeHtml(stripAnsi(text))}</pre>`;
  }
}

function renderOutput(o: Output): string {
  switch (o.output_type) {
    case "stream":
      return `<pre class="output-stream ${o.name === "stderr" ? "stderr" : "stdout"}">${escapeHtml(stripAnsi(joinSource(o.text ?? "")))}</pre>`;
    case "error":
      return `<pre class="output-error">${escapeHtml(stripAnsi((o.traceback && o.traceback.length > 0 ? o.traceback : [`${o.ename}: ${o.evalue}`]).join("\n")))}</pre>`;
    default:
      return renderData(o.data ?? {});
  }
}

const STYLE = `
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #1f2328; }
.cell { margin: 0.6em 0; }
.prompt { color: #6e7781; font-family: monospace; font-size: 12px; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font-size: 13px; }
.input pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: 0.6em; }
.outputs { padding: 0.3em 0.6em; }
.output-stream.stderr { background: #fff5f5; }
.output-error { background: #ffebe9; color: #82071e; padding: 0.4em; }
.output-html table { border-collapse: collapse; }
.output-image { max-width: 100%; }
`;

export function notebookToHtml(nb: Notebook, title: string): string {
  const cells = nb.cells.map((c) => {
    const src = joinSource(c.source);
    if (c.cell_type === "markdown") return `<div class="cell markdown">${markdown(src)}</div>`;
    if (c.cell_type === "raw") return `<div class="cell raw"><pre>${escapeHtml(src)}</pre></div>`;
    const n = c.execution_count ?? " ";
    const outs = (c.outputs ?? []).map(renderOutput).join("\n");
    return `<div class="cell code"><div class="prompt">In [${n}]:</div><div class="input"><pre><code class="language-typescript">${escapeHtml(src)}</code></pre></div>${outs ? `<div class="outputs">${outs}</div>` : ""}</div>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tslab-keras">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${cells.join("\n")}
</body>
</html>
`;
}
