import { DEFAULT_OPERATION_LIMITS, operationLimitRules, type OperationLimits } from '../limits';
import type { GatewayPlugin } from './gateway-plugin';

/**
 * Depth, aliases, root fields and estimated cost, checked as validation rules, and a token
 * limit for the parser: an operation over any of them is refused (400) before any subgraph is
 * called.
 */
export function useOperationLimits(limits: OperationLimits = DEFAULT_OPERATION_LIMITS): GatewayPlugin {
  return { parseOptions: { maxTokens: limits.maxTokens }, validationRules: operationLimitRules(limits) };
}
