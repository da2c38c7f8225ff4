import type { ApolloServerPlugin } from '@apollo/server';

export interface MissingPartner {
  partnerId: string;
  reason: string;
}

/** Which partners a request asked and which did not answer; one per request, in the context. */
export class Coverage {
  private readonly asked = new Set<string>();
  private readonly missing = new Map<string, string>();

  recordAsked(partnerId: string): void {
    this.asked.add(partnerId);
  }

  recordMissing(partnerId: string, reason: string): void {
    this.missing.set(partnerId, reason);
  }

  askedPartners(): string[] {
    return [...this.asked].sort();
  }

  touched(): boolean {
    return this.asked.size > 0;
  }

  summary(): { partnersAsked: number; partnersAnswered: number; missing: MissingPartner[] } {
    return {
      partnersAsked: this.asked.size,
      partnersAnswered: this.asked.size - this.missing.size,
      missing: [...this.missing].map(([partnerId, reason]) => ({ partnerId, reason })),
    };
  }
}

export interface CoverageContext {
  coverage: Coverage;
}

/** Adds `extensions.coverage` to every response that reached partners, so partial answers are never silent. */
export function useCoverage<T extends CoverageContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !contextValue.coverage.touched()) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, coverage: contextValue.coverage.summary() };
        },
      };
    },
  };
}
