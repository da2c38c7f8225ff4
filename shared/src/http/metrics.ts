import type { ServerResponse } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';

/**
 * What GET /metrics shows (Prometheus text, through prom-client): counters and gauges only, never
 * labels with ids or values. Operators scrape it; the benchmarks read it to count work per
 * request (`coalition_graphql_requests_total`, `coalition_sql_statements_total`,
 * `process_resident_memory_bytes`, `process_cpu_seconds_total`). One registry per server, so that services sharing a process
 * (the tests, the demo) count apart.
 */
export class ServiceMetrics {
  private readonly registry = new Registry();
  private readonly requestCounter: Counter;
  private requests = 0;

  /**
   * `extra`: the service's own figures by name (e.g. SQL statements run); the names are read once,
   * here. `others`: registries of metrics the service keeps itself (with labels), shown alongside.
   */
  constructor(
    extra?: () => Record<string, number>,
    private readonly others: Registry[] = [],
  ) {
    const registers = [this.registry];
    this.requestCounter = new Counter({ name: 'coalition_graphql_requests_total', help: 'GraphQL requests received, refused ones included', registers });
    gauge(registers, 'process_resident_memory_bytes', 'Resident memory of the process', () => process.memoryUsage().rss);
    gauge(registers, 'nodejs_heap_used_bytes', 'V8 heap in use', () => process.memoryUsage().heapUsed);
    // All threads of the process (the gateway's suppression workers too): what a service's own work costs, apart from waiting.
    counter(registers, 'process_cpu_seconds_total', () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    });
    for (const name of Object.keys(extra?.() ?? {})) {
      const read = () => extra!()[name] ?? 0;
      if (name.endsWith('_total')) counter(registers, name, read);
      else gauge(registers, name, name, read);
    }
  }

  countRequest(): void {
    this.requests++;
    this.requestCounter.inc();
  }

  /** GraphQL requests received so far (refused ones included). */
  requestCount(): number {
    return this.requests;
  }

  async serve(response: ServerResponse): Promise<void> {
    const registry = this.others.length ? Registry.merge([this.registry, ...this.others]) : this.registry;
    const text = await registry.metrics();
    response.writeHead(200, { 'content-type': this.registry.contentType });
    response.end(text);
  }
}

function gauge(registers: Registry[], name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers,
    collect() {
      this.set(read());
    },
  });
}

/** A counter the service keeps itself: the running total is copied in when scraped. */
function counter(registers: Registry[], name: string, read: () => number): void {
  new Counter({
    name,
    help: name,
    registers,
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/** Reads `name value` lines of a /metrics answer. */
export function parseMetrics(text: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (-?[0-9.e+]+)$/.exec(line.trim());
    if (match) result[match[1]] = Number(match[2]);
  }
  return result;
}
