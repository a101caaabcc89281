import { AsyncLocalStorage } from "node:async_hooks";
import type { Header } from "./wire.js";

/**
 * What a cell carries with it through every timer, promise and callback it starts: the request
 * it answers (so late output lands under that cell, not whichever runs next) and its interrupt
 * state (so an interrupt stops that cell's awaits, not the next cell's).
 */
export class CellContext {
  interrupted = false;
  /** Work that must settle before the cell may report it finished (e.g. a fit stopping at its batch end). */
  readonly pending = new Set<Promise<unknown>>();
  private rejectInterrupt!: (e: Error) => void;
  /** Rejects when the cell is interrupted; awaits in the cell race against it. */
  readonly interruptPromise: Promise<never>;

  constructor(
    readonly parent: Header,
    readonly executionCount: number,
    readonly silent: boolean,
    /** The front end's cell id when it sent one, else the request's msg_id (see DisplaySink.outputArea). */
    readonly outputArea: string = parent.msg_id,
  ) {
    this.interruptPromise = new Promise<never>((_, reject) => (this.rejectInterrupt = reject));
    this.interruptPromise.catch(() => undefined);
  }

  interrupt(): void {
    if (this.interrupted) return;
    this.interrupted = true;
    this.rejectInterrupt(new KeyboardInterrupt());
  }
}

/** IPython's name for it, which front ends and users already know. */
export class KeyboardInterrupt extends Error {
  override name = "KeyboardInterrupt";
  constructor(message = "the cell was interrupted") {
    super(message);
  }
}

export const cellContext = new AsyncLocalStorage<CellContext>();
