import { DomainError, ErrorCode, requestRefusal } from '@coalition/shared';
import type { RateLimiter } from '../rate-limit';
import type { GatewayPlugin } from './gateway-plugin';

/**
 * Requests per token subject (anonymous callers share one count), counted before the operation
 * is parsed, so a malformed request costs its sender too: 429 RATE_LIMITED with Retry-After past
 * the limit. The gateway closes the limiter when it stops. Without a limiter, nothing is counted.
 */
export function useRateLimit(limiter: RateLimiter | undefined): GatewayPlugin {
  if (!limiter) return {};
  return {
    async onContextBuilding(context) {
      const decision = await limiter.hit(context.caller?.subject ?? 'anonymous');
      if (decision.allowed) return;
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      const message = `Too many requests: at most ${decision.limit} per window; try again in ${seconds} s`;
      throw requestRefusal(new DomainError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds: seconds }), { 'retry-after': String(seconds) });
    },
    async serverWillStart() {
      return {
        async serverWillStop() {
          await limiter.close();
        },
      };
    },
  };
}
