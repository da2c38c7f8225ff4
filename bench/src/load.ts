import { summarize } from './stats';

export interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** POSTs a request; an HTTP failure or GraphQL errors in the answer throw (a wrong answer is never a fast one). */
export async function postChecked(request: LoadRequest): Promise<void> {
  const response = await fetch(request.url, { method: 'POST', headers: { 'content-type': 'application/json', ...request.headers }, body: request.body });
  const text = await response.text();
  if (!response.ok || text.includes('"errors"')) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** first error message seen, if any */
  firstError?: string;
  durationMs: number;
  throughput: number;
  latency: { median: number; p95: number; runs: number };
}

/**
 * Closed-loop load: `concurrency` clients, each sending its next request as soon as the last one
 * answered, for `durationMs` (what autocannon does, with a request builder that can sign each
 * body). An answer with GraphQL errors counts as an error, not as a fast request.
 */
export async function runLoad(options: { concurrency: number; durationMs: number; next: (i: number) => LoadRequest }): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let sent = 0;
  const started = Date.now();
  const deadline = started + options.durationMs;
  const client = async () => {
    while (Date.now() < deadline) {
      const request = options.next(sent++);
      const t0 = process.hrtime.bigint();
      try {
        await postChecked(request);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const durationMs = Date.now() - started;
  return {
    requests: latencies.length,
    errors,
    firstError,
    durationMs,
    throughput: latencies.length / (durationMs / 1000),
    latency: summarize(latencies.length ? latencies : [0]),
  };
}
