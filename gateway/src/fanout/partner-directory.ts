import type { UpstreamClient } from '../upstream/client';
import { GatewayPartnerDirectoryDocument, type GatewayPartnerDirectoryQuery } from '../upstream/generated/registry';
import { DIRECTORY_SERVICE } from '../upstream/identity';
import { operationRequest } from '../upstream/operation';
import { REGISTRY, type PartnerEntry } from '../upstream/target';

export type { PartnerEntry } from '../upstream/target';

export interface PartnerDirectoryOptions {
  /** Reads the registry's partner list as the gateway's directory service. */
  client: UpstreamClient;
  refreshIntervalMs: number;
  log?: (message: string) => void;
}

/**
 * The active partners and their endpoints, read from the registry and refreshed periodically,
 * so adding a partner is a registry change, never a gateway deploy. When a refresh fails the
 * last known list stays in force.
 */
export class PartnerDirectory {
  private partners: PartnerEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastRefresh: Date | undefined;

  constructor(private readonly options: PartnerDirectoryOptions) {}

  list(): readonly PartnerEntry[] {
    return this.partners;
  }

  get(id: string): PartnerEntry | undefined {
    return this.partners.find((p) => p.id === id);
  }

  refreshedAt(): Date | undefined {
    return this.lastRefresh;
  }

  async refresh(): Promise<void> {
    const request = operationRequest(GatewayPartnerDirectoryDocument, {});
    const outcome = await this.options.client.send(REGISTRY, request, { as: DIRECTORY_SERVICE, read: true });
    if (outcome.kind === 'unavailable') throw new Error(`registry unavailable (${outcome.reason})`);
    const partners = (outcome.data as GatewayPartnerDirectoryQuery | null)?.partners;
    if (!Array.isArray(partners)) throw new Error(`registry answered without a partner list${outcome.errors[0] ? ` (${outcome.errors[0].message})` : ''}`);
    this.partners = partners.filter((p): p is PartnerEntry => typeof p.endpoint === 'string' && p.endpoint.length > 0).sort((a, b) => a.id.localeCompare(b.id));
    this.lastRefresh = new Date();
  }

  /** Loads the list (retrying while the registry starts) and keeps it fresh. */
  async start(options: { attempts?: number; retryDelayMs?: number } = {}): Promise<void> {
    const attempts = options.attempts ?? 20;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.refresh();
        break;
      } catch (error) {
        if (attempt === attempts) this.options.log?.(`partner directory: registry unreachable (${(error as Error).message}); will keep retrying`);
        else await new Promise((r) => setTimeout(r, options.retryDelayMs ?? 250));
      }
    }
    this.timer = setInterval(() => {
      this.refresh().catch((error) => {
        this.options.log?.(`partner directory refresh failed, keeping ${this.partners.length} known partners: ${(error as Error).message}`);
      });
    }, this.options.refreshIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
