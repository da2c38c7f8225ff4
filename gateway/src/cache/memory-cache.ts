import { LRUCache } from 'lru-cache';
import type { AnswerCache } from './answer-cache';

/**
 * One gateway's own cache, bounded in bytes: the least recently used answers go first. Values are
 * kept serialized, so their size is known and every reader gets its own copy (as from Redis).
 * Sizes count the characters of the JSON text and of the key, which is its bytes for the ASCII
 * that answers are made of.
 */
export class MemoryAnswerCache implements AnswerCache {
  private readonly entries: LRUCache<string, string>;

  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (text, key) => text.length + key.length });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const text = this.entries.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    // An entry larger than the whole cache is not kept (lru-cache refuses it).
    if (text !== undefined) this.entries.set(key, text);
  }

  /** What the kept entries weigh, in bytes as counted above. */
  get bytes(): number {
    return this.entries.calculatedSize;
  }

  async open(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }
}
