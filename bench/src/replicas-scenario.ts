import { randomUUID } from 'node:crypto';
import type { ScenarioResult } from './import-scenario';
import type { RunningCoalition } from './coalition/services';
import { funderLoad, sameAnswers, type LoadOptions } from './dashboard-scenario';

/** The Redis replicas share in the benchmark: CG_BENCH_REDIS_URL, default the local one. */
const benchRedisUrl = () => process.env.CG_BENCH_REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * 4c: the funders' dashboard questions (live, warm) through two gateway replicas sharing one
 * Redis (answer cache, rate limit, approvals), requests alternating between them as a round-robin
 * balancer sends them, against one replica with the same Redis. On one machine both replicas
 * share its cores: this measures what sharing costs and that answers agree, not how far more
 * machines would take it (docs/DEPLOY.md).
 */
export async function replicasScenario(coalition: RunningCoalition, options: LoadOptions, scale: string, log: (m: string) => void): Promise<ScenarioResult> {
  // A prefix of this run's own: a dataset generated again restarts its partners' data versions,
  // and a previous run's answers under the same versions must not be read (docs/ARCHITECTURE.md, the answer cache).
  const env = { REDIS_URL: benchRedisUrl(), ANSWER_CACHE_KEY_PREFIX: `cg-bench-${randomUUID()}:` };
  const [first, second] = await Promise.all([
    coalition.startGateway({ name: 'replica-1', answerCacheMb: 256, env }),
    coalition.startGateway({ name: 'replica-2', answerCacheMb: 256, env }),
  ]);
  try {
    const one = await funderLoad(coalition, options, 'LIVE', [first.url]);
    const two = await funderLoad(coalition, options, 'LIVE', [first.url, second.url]);
    const identical = await sameAnswers(coalition, [first.url, second.url, coalition.gatewayUrl], 'LIVE');
    const cache = await second.cache();
    const errors = one.errors + two.errors ? `; ERRORS: ${one.errors + two.errors} (first: ${(one.firstError ?? two.firstError)?.slice(0, 160)})` : '';
    const rate = `two replicas ${two.throughput.toFixed(0)} req/s, one ${one.throughput.toFixed(0)} req/s (${(two.throughput / one.throughput).toFixed(2)}x); answers identical across replicas and the main gateway: ${identical ? 'yes' : 'NO'}; replica 2 published answers: ${cache.published.hits} hits, ${cache.published.misses} misses${errors}`;
    log(`  replicas: ${rate}`);
    return {
      scenario: `4c. two gateway replicas sharing Redis, requests alternating, vs one replica: the dashboard's live warm questions, concurrency ${options.concurrency}, ${options.durationMs / 1000} s (${scale})`,
      subject: two.latency,
      baseline: { name: 'one replica with the same Redis', ...one.latency },
      ratio: two.latency.median / one.latency.median,
      rate,
      details: { one, two, identical, replica2Cache: cache },
    };
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
}
