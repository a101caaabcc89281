/**
 * Input (and result text) history of this kernel session, answering `history_request` with
 * IPython's semantics: `tail`, `range` and glob `search` (with `unique` and `n`). Entries are
 * `[session, line, input]`, or `[session, line, [input, output]]` when output is asked for.
 */
export interface HistoryRequest {
  output?: boolean;
  raw?: boolean;
  hist_access_type: "tail" | "range" | "search";
  session?: number;
  start?: number;
  stop?: number;
  n?: number | null;
  pattern?: string;
  unique?: boolean;
}

type Entry = [number, number, string] | [number, number, [string, string | null]];

export class History {
  /** IPython numbers sessions from 1; session 0 in a request means "this one". */
  readonly session = 1;
  private readonly inputs: { line: number; input: string; output: string | null }[] = [];

  add(line: number, input: string): void {
    this.inputs.push({ line, input, output: null });
  }

  setOutput(line: number, output: string): void {
    const e = this.inputs.find((x) => x.line === line);
    if (e) e.output = output;
  }

  query(req: HistoryRequest): Entry[] {
    let rows = this.inputs.slice();
    switch (req.hist_access_type) {
      case "tail":
        if (req.n != null) rows = rows.slice(Math.max(0, rows.length - req.n));
        break;
      case "range": {
        const session = req.session ?? 0;
        if (session !== 0 && session !== this.session && !(session < 0 && -session === 0)) return [];
        const start = req.start ?? 1;
        const stop = req.stop ?? Number.MAX_SAFE_INTEGER;
        rows = rows.filter((r) => r.line >= start && r.line < stop);
        break;
      }
      case "search": {
        const re = globToRegExp(req.pattern ?? "*");
        rows = rows.filter((r) => re.test(r.input));
        if (req.unique) {
          const seen = new Set<string>();
          rows = rows.reverse().filter((r) => (seen.has(r.input) ? false : (seen.add(r.input), true))).reverse();
        }
        if (req.n != null) rows = rows.slice(Math.max(0, rows.length - req.n));
        break;
      }
      default:
        throw new Error(`history_request: hist_access_type must be "tail", "range" or "search", got ${JSON.stringify((req as { hist_access_type: unknown }).hist_access_type)}`);
    }
    return rows.map((r) => (req.output ? [this.session, r.line, [r.input, r.output]] : [this.session, r.line, r.input]));
  }
}

/** sqlite GLOB, as IPython's history search uses: `*`, `?`, `[...]`, whole-string match. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith("^")) body = "^" + body.slice(1).replace(/[\\\]]/g, "\\$&");
        else body = body.replace(/[\\\]^]/g, "\\$&");
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
