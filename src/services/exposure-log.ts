import type { Database } from "../db/database.ts";
import { ExposureRepository, type ExposureRow } from "../db/repositories/exposure.repository.ts";

export interface ExposureLogOptions {
  /** write as soon as this many exposures are waiting (default 200) */
  maxBatch?: number;
  /** otherwise write what is waiting this often (default 1 s) */
  flushIntervalMs?: number;
  /** beyond this many unwritten exposures (database down) the oldest are dropped (default 100 000) */
  maxBuffered?: number;
  onError?: (err: unknown, pending: number) => void;
  /** exposures that can never be stored (dropped, not retried), with why */
  onRejected?: (count: number, reason: string) => void;
}

/**
 * Batched, durable exposure logging kept off the request path: `record` only appends to memory;
 * a timer (or a full batch) writes everything waiting in one INSERT. A failed write keeps the rows
 * and retries on the next tick; `close()` (server shutdown) writes what is left. What a crash
 * loses is at most one interval of exposures — acceptable for experiment metrics, and the
 * reason reports call `flush()` first so that they see everything this process served.
 */
export class ExposureLog {
  private buffer: ExposureRow[] = [];
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly repo: ExposureRepository;
  private readonly maxBatch: number;
  private readonly maxBuffered: number;
  /** exposures dropped because the buffer overflowed (reported through onError) */
  dropped = 0;
  /** exposures dropped because they cannot be stored (reported through onRejected) */
  rejected = 0;

  constructor(
    db: Database,
    private readonly opts: ExposureLogOptions = {},
  ) {
    this.repo = new ExposureRepository(db);
    this.maxBatch = opts.maxBatch ?? 200;
    this.maxBuffered = opts.maxBuffered ?? 100_000;
    this.timer = setInterval(() => void this.flush().catch(() => {}), opts.flushIntervalMs ?? 1000);
    // Logging must never keep a process (a CLI command, a test) alive on its own.
    this.timer.unref();
  }

  get pending(): number {
    return this.buffer.length;
  }

  record(exposure: ExposureRow): void {
    if (this.closed) throw new Error("exposure log is closed");
    this.buffer.push(exposure);
    if (this.buffer.length > this.maxBuffered) {
      const excess = this.buffer.length - this.maxBuffered;
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
    if (this.buffer.length >= this.maxBatch) void this.flush().catch(() => {});
  }

  /** Writes everything recorded so far; resolves when it is stored (rejects if the write failed). */
  async flush(): Promise<void> {
    // One writer at a time; a flush requested meanwhile waits and then writes what arrived since.
    while (this.writing) await this.writing.catch(() => {});
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.writing = (async () => {
      let done = 0;
      try {
        for (let i = 0; i < batch.length; i += 1000) {
          const { rejected } = await this.repo.insertMany(batch.slice(i, i + 1000));
          // A row that cannot be stored is dropped: put back, it would fail every later flush.
          if (rejected.length) {
            this.rejected += rejected.length;
            this.opts.onRejected?.(rejected.length, rejected[0].reason);
          }
          done = i + 1000;
        }
      } catch (err) {
        // Put what is not written back in front (insertMany skips rows already stored, so retrying is safe).
        this.buffer = batch.slice(done).concat(this.buffer);
        this.opts.onError?.(err, this.buffer.length);
        throw err;
      } finally {
        this.writing = null;
      }
    })();
    return this.writing;
  }

  /** Stops the timer and writes what is left (server shutdown). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    this.closed = true;
  }
}
