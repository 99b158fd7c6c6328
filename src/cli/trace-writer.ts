import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceRecord } from '../model';

/** Text is written out in pieces of about this many characters, so memory stays flat however long the run. */
const FLUSH_AT = 1 << 16;

/**
 * Streams trace records to a file as NDJSON: one JSON object per line, in the order they happened.
 * Each record is serialised the moment it arrives, which is also what makes keeping it safe (the
 * tracer reuses its record object). Writes are synchronous because the run itself is synchronous:
 * buffering asynchronously would hold the whole trace in memory until the run ends.
 */
export class NdjsonTraceWriter {
  private pending = '';
  private fd: number | undefined;
  private written = 0;

  /** Opens (and truncates) `path`; throws the file system's error when it cannot be written. */
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Number of records written so far. */
  get records(): number {
    return this.written;
  }

  /** A trace listener: pass it as `onTrace`. */
  readonly write = (record: Readonly<TraceRecord>): void => {
    this.pending += `${JSON.stringify(record)}\n`;
    this.written++;
    if (this.pending.length >= FLUSH_AT) this.flush();
  };

  /** Writes what is buffered and closes the file. Safe to call more than once. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private flush(): void {
    if (this.fd === undefined || this.pending === '') return;
    writeSync(this.fd, this.pending);
    this.pending = '';
  }
}
