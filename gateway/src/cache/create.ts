import type { AnswerCache } from './answer-cache';
import { MemoryAnswerCache } from './memory-cache';
import { RedisAnswerCache } from './redis-cache';

/** The answer cache's memory unless configured (ANSWER_CACHE_MB, GatewayOptions.answerCacheMb). */
export const DEFAULT_ANSWER_CACHE_MB = 256;

export interface AnswerCacheOptions {
  /** The in-memory cache's size in MB; 0: no cache at all (not even in Redis). */
  megabytes: number;
  /** Set: the cache is in this Redis, shared by every gateway using it. */
  redisUrl?: string;
  /** Redis keys start with this; default `cg:answer:`. */
  keyPrefix?: string;
  log?: (message: string) => void;
}

/** The answer cache the options ask for, or null; without I/O (a Redis cache connects when opened). */
export function createAnswerCache({ megabytes, redisUrl, keyPrefix, log }: AnswerCacheOptions): AnswerCache | null {
  if (megabytes <= 0) return null;
  if (redisUrl) return new RedisAnswerCache(redisUrl, { keyPrefix, log });
  return new MemoryAnswerCache(Math.round(megabytes * 1024 * 1024));
}
