import { setDisplaySink, type DisplaySink } from "../../../lib/display/display.js";
import type { MimeBundle, MimeMetadata } from "../../../lib/display/mime.js";

export interface Sent {
  kind: "display" | "update";
  data: MimeBundle;
  metadata: MimeMetadata;
  displayId: string | undefined;
}

/** A rich DisplaySink that keeps every message, as a front end would receive them. */
export function recordDisplays(): { sent: Sent[]; restore: () => void } {
  const sent: Sent[] = [];
  const sink: DisplaySink = {
    rich: true,
    display: (data, metadata, displayId) => sent.push({ kind: "display", data, metadata, displayId }),
    update: (data, metadata, displayId) => sent.push({ kind: "update", data, metadata, displayId }),
  };
  setDisplaySink(sink);
  return { sent, restore: () => setDisplaySink(null) };
}
