import type { ProofSigner } from '@coalition/shared/auth';
import { ServiceClient } from '../analytics/service-client';
import { FanoutDataSource } from '../fanout/fanout-datasource';
import { PartnerDirectory } from '../fanout/partner-directory';
import { UpstreamClient } from './client';
import { RegistryDataSource } from './registry-source';
import { partnersInScope, type PartnerScope } from './scope';

export interface UpstreamAccessOptions {
  registryUrl: string;
  /** Signs every request with the gateway's proof. */
  signer: ProofSigner;
  /** A partner that has not answered by then drops out of the answer. */
  partnerTimeoutMs: number;
  registryTimeoutMs: number;
  directoryRefreshMs: number;
  log?: (message: string) => void;
  /** Which partners a caller may reach per kind of data; default: the access policy's partner scope. */
  scope?: PartnerScope;
}

export interface UpstreamAccess {
  /** The one client every request to a partner or the registry goes through. */
  upstream: UpstreamClient;
  /** The active partners; call `start()` before serving. */
  directory: PartnerDirectory;
  /** The data source of the "partners" subgraph. */
  fanout: FanoutDataSource;
  /** The analytics engines' view of the client. */
  client: ServiceClient;
  /** The data source of the "registry" subgraph. */
  registrySource: RegistryDataSource;
}

/** The client's settings from a gateway's or a standalone service's: the registry's deadline defaults to the partners'. */
export function upstreamOptions(
  settings: { registryUrl: string; partnerTimeoutMs: number; registryTimeoutMs?: number; directoryRefreshMs: number },
  signer: ProofSigner,
  log: (message: string) => void,
): UpstreamAccessOptions {
  return {
    registryUrl: settings.registryUrl,
    signer,
    partnerTimeoutMs: settings.partnerTimeoutMs,
    registryTimeoutMs: settings.registryTimeoutMs ?? settings.partnerTimeoutMs,
    directoryRefreshMs: settings.directoryRefreshMs,
    log,
  };
}

/** Everything that reaches partners and the registry, around one client. Builds only: no I/O until `directory.start()`. */
export function createUpstreamAccess(options: UpstreamAccessOptions): UpstreamAccess {
  const upstream = new UpstreamClient(options);
  const directory = new PartnerDirectory({ client: upstream, refreshIntervalMs: options.directoryRefreshMs, log: options.log });
  return {
    upstream,
    directory,
    fanout: new FanoutDataSource({ client: upstream, directory, scope: options.scope ?? partnersInScope }),
    client: new ServiceClient(upstream),
    registrySource: new RegistryDataSource(upstream),
  };
}
