import type { ApolloServerPlugin } from '@apollo/server';
import type { Outcome } from './upstream/outcome';

export interface MissingPartner {
  partnerId: string;
  reason: string;
}

/** Said only when the registry did not answer: the partners it names, links and defines are unknown. */
export interface RegistryCoverage {
  answered: false;
  reason: string;
}

/** Which partners a request asked and which did not answer, and whether the registry did; one per request, in the context. */
export class Coverage {
  private readonly asked = new Set<string>();
  private readonly missing = new Map<string, string>();
  private registryMissing: string | undefined;

  /**
   * Counts the outcome of one request to a partner or the registry: the only way either enters
   * the coverage (the upstream client calls it for every request it sends). For the registry,
   * the first reason wins: later failures of the same request are its consequences.
   */
  record(service: { partnerId: string } | 'registry', outcome: Outcome): void {
    if (service === 'registry') {
      if (outcome.kind === 'unavailable') this.registryMissing ??= outcome.reason;
      return;
    }
    this.asked.add(service.partnerId);
    if (outcome.kind === 'unavailable') this.missing.set(service.partnerId, outcome.reason);
  }

  askedPartners(): string[] {
    return [...this.asked].sort();
  }

  touched(): boolean {
    return this.asked.size > 0 || this.registryMissing !== undefined;
  }

  wire(): WireCoverage {
    return {
      asked: this.askedPartners(),
      missing: [...this.missing].map(([partnerId, reason]) => ({ partnerId, reason })),
      ...(this.registryMissing !== undefined ? { registry: this.registryMissing } : {}),
    };
  }

  /** Adds what a standalone service reported (its `wire()`); anything not of that shape is ignored. */
  absorb(wire: unknown): void {
    if (!wire || typeof wire !== 'object') return;
    const { asked, missing, registry } = wire as Partial<WireCoverage>;
    for (const id of Array.isArray(asked) ? asked : []) if (typeof id === 'string') this.asked.add(id);
    for (const m of Array.isArray(missing) ? missing : []) {
      if (m && typeof m.partnerId === 'string') {
        this.asked.add(m.partnerId);
        this.missing.set(m.partnerId, String(m.reason ?? 'unavailable'));
      }
    }
    if (typeof registry === 'string') this.registryMissing ??= registry;
  }

  summary(): { partnersAsked: number; partnersAnswered: number; missing: MissingPartner[]; registry?: RegistryCoverage } {
    return {
      partnersAsked: this.asked.size,
      partnersAnswered: this.asked.size - this.missing.size,
      missing: [...this.missing].map(([partnerId, reason]) => ({ partnerId, reason })),
      ...(this.registryMissing !== undefined ? { registry: { answered: false as const, reason: this.registryMissing } } : {}),
    };
  }
}

/**
 * A coverage as a standalone service (analytics, the partners' fan-out) sends it back to the
 * gateway in its response's `extensions.partnerCoverage`: which partners it asked, by id, so the
 * gateway counts a partner asked by two services once.
 */
export interface WireCoverage {
  asked: string[];
  missing: MissingPartner[];
  registry?: string;
}

export interface CoverageContext {
  coverage: Coverage;
}

/**
 * Adds `extensions.coverage` to every response that reached partners or missed the registry, so
 * partial answers are never silent. A standalone service gives its own extension instead (the
 * partners it asked, by id, for the gateway to fold in).
 */
export function useCoverage<T extends CoverageContext>(
  extension: (coverage: Coverage) => Record<string, unknown> = (coverage) => ({ coverage: coverage.summary() }),
): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !contextValue.coverage.touched()) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, ...extension(contextValue.coverage) };
        },
      };
    },
  };
}
