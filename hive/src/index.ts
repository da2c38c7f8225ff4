export { startHiveGateway, subgraphNames, transportEntries, type HiveGateway, type HiveGatewayOptions } from './runtime';
export { useCoalitionAccess, useCoalitionAuthentication, useCoalitionLimits, useCoalitionProofs, type CoalitionContext } from './plugins';
