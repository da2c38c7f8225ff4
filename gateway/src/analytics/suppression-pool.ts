import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { Suppressions } from './disclosure';
import { decideCube } from './protection/cube';
import type { Attacker, CellStatus, DisclosureRule, Exposure, PublicationModel } from './protection/model';
import { auditModel } from './protection/protect';
import type { LatticeTable } from './lattice';
import { decisionRequest, funnelRequest, suppressionsOf, type AuditRequest, type DecisionAnswer } from './suppression-worker';
import { decideFunnel, type FunnelCounts, type FunnelDecision } from './protection/funnel';

/** Where suppression decisions are made. */
export interface SuppressionDecider {
  decide(lattice: Map<string, LatticeTable<unknown>>, dimensions: readonly string[], rule: DisclosureRule): Promise<Suppressions>;
  /** A funnel's stages and handoffs, protected as one publication. */
  decideFunnel(counts: FunnelCounts, rule: DisclosureRule): Promise<FunnelDecision>;
}

/** Audits a published figure (a release's): every small cell some reader could narrow too far. */
export interface FigureAuditor {
  audit(model: PublicationModel, status: CellStatus, attackers: Attacker[], rule: DisclosureRule): Promise<Exposure[]>;
}

/** On the calling thread: for tests and tools; the gateway uses a SuppressionPool. */
export const decideInline: SuppressionDecider = {
  decide: (lattice, dimensions, rule) => decideCube(lattice, dimensions, rule),
  decideFunnel: (counts, rule) => decideFunnel(counts, rule),
};

/** Audits on the calling thread: for tests and tools. */
export const auditInline: FigureAuditor = {
  audit: (model, status, attackers, rule) => auditModel(model, status, attackers, rule),
};

/**
 * Cubes with at most this many non-empty finest cells are decided inline, where posting to a
 * worker would cost about as much as deciding. Measured here (warm, one core): 5 to 12 such cells
 * take 0.1 to 1 ms inline, about a round trip to a worker with its copies; 28 take 1 to 4 ms,
 * 68 about 13 ms, 200 about 50 ms and 1,000 over 2 s (Gaussian elimination per candidate cell).
 */
export const INLINE_MAX_FINEST_CELLS = 12;

/** DISCLOSURE_WORKERS' default: every core but the one the event loop runs on. */
export const defaultDisclosureWorkers = () => Math.max(1, availableParallelism() - 1);

/**
 * Built code (dist/) loads the compiled worker next to this file; from source (jest) a small JS
 * entry compiles the TypeScript worker on load (see it for why).
 */
function workerFile(): string {
  return __filename.endsWith('.ts') ? join(__dirname, 'suppression-worker.from-source.js') : join(__dirname, 'suppression-worker.js');
}

function finestCells(lattice: Map<string, LatticeTable<unknown>>, dimensions: readonly string[]): number {
  let n = 0;
  for (const cell of lattice.get(dimensions.join(','))?.cells.values() ?? []) if (cell.count > 0) n++;
  return n;
}

/**
 * Decides suppression in worker threads (piscina), so a big cube never stalls other requests.
 * Threads start on the first cube too big to decide inline and are ended by close().
 */
export class SuppressionPool implements SuppressionDecider, FigureAuditor {
  private pool: Piscina | null = null;
  private closed = false;

  constructor(private readonly threads: number = defaultDisclosureWorkers()) {}

  async decide(lattice: Map<string, LatticeTable<unknown>>, dimensions: readonly string[], rule: DisclosureRule): Promise<Suppressions> {
    if (finestCells(lattice, dimensions) <= INLINE_MAX_FINEST_CELLS) return decideCube(lattice, dimensions, rule);
    const answer: DecisionAnswer = await this.workers().run(decisionRequest(lattice, dimensions, rule), { name: 'decideSuppressions' });
    return suppressionsOf(answer);
  }

  async decideFunnel(counts: FunnelCounts, rule: DisclosureRule): Promise<FunnelDecision> {
    if (finestCells(counts.stages[0], counts.dimensions) <= INLINE_MAX_FINEST_CELLS) return decideFunnel(counts, rule);
    return this.workers().run(funnelRequest(counts.stages, counts.transitions, counts.dimensions, rule), { name: 'decideFunnelSuppressions' });
  }

  audit(model: PublicationModel, status: CellStatus, attackers: Attacker[], rule: DisclosureRule): Promise<Exposure[]> {
    return this.workers().run({ model, status: [...status], attackers, rule } satisfies AuditRequest, { name: 'auditFigure' });
  }

  private workers(): Piscina {
    if (this.closed) throw new Error('the disclosure worker pool is closed: the gateway has stopped');
    this.pool ??= new Piscina({
      filename: workerFile(),
      name: 'decideSuppressions',
      minThreads: 1,
      maxThreads: this.threads,
      // Threads beyond the first end after a quiet minute.
      idleTimeout: 60_000,
    });
    return this.pool;
  }

  /** Ends the threads; a decision still running is rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }
}
