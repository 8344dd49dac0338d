/** What the soak and its server process tell each other over the IPC channel. */

/** The server's memory at one point, as the server process itself reads it. */
export interface MemorySample {
  /** What the sample is of, e.g. `start` or `after round 1`. */
  label: string;
  /** Resident set size, from `process.memoryUsage()`. */
  rss: number;
  /** V8's heap: committed, and in use by live and not yet collected objects. */
  heapTotal: number;
  heapUsed: number;
  /** Memory of C++ objects bound to JS objects (Buffers included), and of ArrayBuffers alone. */
  external: number;
  arrayBuffers: number;
  /** Committed size of V8's young generation (the semi-spaces), which grows under load. */
  newSpace: number;
  /** From /proc/self/status: the peak RSS so far, and RSS in anonymous pages. */
  peakRss: number | undefined;
  rssAnon: number | undefined;
  /** Resident bytes of the `[heap]` mapping: the main malloc arena, grown by brk. */
  brkHeap: number | undefined;
  /** Connections the server holds (`server.getConnections`). */
  connections: number;
  /** Client faults the server reported so far, by code (HEADERS_TIMEOUT, SEND_TIMEOUT, ...). */
  clientErrors: Record<string, number>;
  /** Where the heap snapshot taken right after this sample went, when one was asked for. */
  snapshotPath?: string;
  /** RSS right after the snapshot: writing one costs memory of its own. */
  rssAfterSnapshot?: number;
}

/** Asks the server process for its memory, after collecting garbage (`gc`) and with a heap snapshot (`snapshot`). */
export interface MeasureCommand {
  type: 'measure';
  id: number;
  label: string;
  gc: boolean;
  snapshot: boolean;
}

/** Asks the server process how many connections it holds. */
export interface ConnectionsCommand {
  type: 'connections';
  id: number;
}

/** What the soak sends its server process. */
export type ToServer = MeasureCommand | ConnectionsCommand;

/** The server process listens. */
export interface ListeningReply {
  type: 'listening';
  port: number;
}

/** The answer to a `measure` command. */
export interface MeasuredReply {
  type: 'measured';
  id: number;
  sample: MemorySample;
}

/** The answer to a `connections` command. */
export interface ConnectionsReply {
  type: 'connections';
  id: number;
  count: number;
}

/** A command failed in the server process. */
export interface FailedReply {
  type: 'failed';
  id: number;
  message: string;
}

/** What the server process sends the soak. */
export type FromServer = ListeningReply | MeasuredReply | ConnectionsReply | FailedReply;
