export { UpstreamClient, type UpstreamClientOptions, type UpstreamRequest, type SendOptions } from './client';
export { createUpstreamAccess, type UpstreamAccess, type UpstreamAccessOptions } from './create';
export { ANALYTICS_SERVICE, DIRECTORY_SERVICE, callerIdentity, type Identity, type UpstreamContext } from './identity';
export { answered, unavailable, type Outcome } from './outcome';
export { RegistryDataSource } from './registry-source';
export { partnersInScope, type PartnerScope } from './scope';
export { partnerTarget, REGISTRY, type PartnerEntry, type Target } from './target';
