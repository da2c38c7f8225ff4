import { startAnalyticsService, startFanoutService, startGateway, type GatewayOptions, type StandaloneService } from '@coalition/gateway';
import { DEMO_USER_AUTH } from '@coalition/demo';
import type { startTestCoalition } from './coalition';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

/** What every backbone process a test adds to a coalition shares: its registry, the gateway's key, short deadlines, no logs. */
export const backbone = (coalition: TestCoalition) => ({
  registryUrl: coalition.registry.url,
  signingKey: coalition.proofKeys.privateKey,
  partnerTimeoutMs: 2_000,
  directoryRefreshMs: 30_000,
  log: () => undefined,
});

/** Another gateway over a test coalition's registry and partners (the demo's sign-in), with `options` on top. */
export function startExtraGateway(coalition: TestCoalition, supergraphSdl: string, options: Partial<GatewayOptions> = {}) {
  return startGateway({ ...backbone(coalition), supergraphSdl, auth: DEMO_USER_AUTH, audit: () => undefined, ...options });
}

/** The analytics subgraph and the partners' fan-out as standalone services over a test coalition; live figures for funders, no answer cache. */
export async function startStandaloneServices(
  coalition: TestCoalition,
  supergraphSdl: string,
): Promise<{ analytics: StandaloneService; fanout: StandaloneService }> {
  const common = { ...backbone(coalition), fundersSeeLive: true, answerCacheMb: 0 };
  const analytics = await startAnalyticsService(common);
  try {
    return { analytics, fanout: await startFanoutService({ ...common, supergraphSdl }) };
  } catch (error) {
    await analytics.stop();
    throw error;
  }
}
