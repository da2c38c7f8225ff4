/** Subgraph names in the supergraph; the gateway maps each to its data source at runtime. */
export const REGISTRY_SUBGRAPH = 'registry';
export const PARTNERS_SUBGRAPH = 'partners';
export const ANALYTICS_SUBGRAPH = 'analytics';
