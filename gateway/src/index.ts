export { startGateway, type GatewayOptions, type GatewayServer, type GatewayContext } from './server';
export { composeSupergraph, CompositionError } from './compose';
export { PARTNERS_SUBGRAPH, REGISTRY_SUBGRAPH } from './subgraph-names';
export { readGatewayConfig, type GatewayConfig } from './config';
export { PartnerDirectory, type PartnerEntry } from './fanout/partner-directory';
export { FanoutDataSource, type FanoutOptions } from './fanout/fanout-datasource';
export { Coverage, useCoverage } from './coverage';
