export type { AnswerCache } from './answer-cache';
export { MemoryAnswerCache } from './memory-cache';
export { RedisAnswerCache, type RedisAnswerCacheOptions } from './redis-cache';
export { createAnswerCache, DEFAULT_ANSWER_CACHE_MB, type AnswerCacheOptions } from './create';
export { AnswerCacheMetrics, type CacheLevel } from './metrics';
export { AnswerCaching, type PublishedQuestion } from './answers';
export { PartnerVersions, NO_VERSIONS, type VersionVector } from './partner-versions';
export { canonicalJson, partnerAnswerKey, publishedAnswerKey, type PublishedKeyParts } from './keys';
