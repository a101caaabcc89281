import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Figure, figureBundle, formatFigure, plotlyMime, resetPlotlyLibrary } from "../../../lib/display/plotly.js";
import { recordDisplays } from "./recording_sink.js";

const fig = { data: [{ type: "scatter", x: [1, 2], y: [3, 4], name: "</script><b>" }], layout: { title: { text: "T" } } };

test("plotly.js travels once per session, as its own output before the first figure, never from a CDN", () => {
  const rec = recordDisplays();
  try {
    resetPlotlyLibrary();
    const first = figureBundle(fig);
    const second = figureBundle(fig);
    assert.equal(rec.sent.length, 1, "exactly one library output");
    const lib = String(rec.sent[0].data["text/html"]);
    assert.ok(lib.length > 1_000_000, "the whole plotly.js is inlined");
    assert.match(lib, /window\.__tslabPlotlyQueue/);
    assert.doesNotMatch(lib, /<script[^>]+src=/i);
    assert.doesNotMatch(lib.replace(/<script type="text\/javascript">\/\* plotly\.js[\s\S]*?<\/script>/, ""), /https?:/);
    for (const b of [first, second]) {
      assert.ok(String(b["text/html"]).length < 2000, "figures do not carry the library");
      assert.deepEqual(b[plotlyMime], { data: fig.data, layout: fig.layout, config: {} });
      assert.match(String(b["text/html"]), /window\.Plotly\.newPlot/);
    }
    // A trace name cannot close the script element that carries the figure.
    assert.doesNotMatch(String(first["text/html"]), /<\/script><b>/);
    assert.equal(first["text/plain"], "Figure('T', 1 trace: scatter '</script><b>')");
  } finally {
    rec.restore();
  }
});

test("off a kernel no library output is sent; bad figures are named", () => {
  resetPlotlyLibrary();
  const b = formatFigure(new Figure(fig))!;
  assert.ok(b[plotlyMime]);
  assert.equal(formatFigure(fig), undefined, "plain objects are left to other formatters");
  assert.throws(() => new Figure({ data: "x" } as never), /`data` array of traces/);
  assert.throws(() => new Figure({ data: [1] } as never), /`data\[0\]` must be a trace object/);
  assert.throws(() => new Figure({ data: [], layout: [] } as never), /`layout` must be an object/);
});
