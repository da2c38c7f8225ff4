/**
 * Where the gateway keeps answers: JSON values by string key. A store that cannot answer gives a
 * miss and never an error, so a cache outage costs recomputation, never a request.
 */
export interface AnswerCache {
  /** The value kept under `key`, as a fresh copy; undefined when none (or the store is unreachable). */
  get<T>(key: string): Promise<T | undefined>;
  /** Keeps a JSON-serialisable value; a value the store cannot keep is dropped silently. */
  set(key: string, value: unknown): Promise<void>;
  /** Starts what needs I/O (a connection), without ever failing; the gateway's listen() calls it. */
  open(): Promise<void>;
  close(): Promise<void>;
}
