import type { ServerResponse } from 'node:http';
import { describeForLog } from '../errors';
import { sendJson } from './response';

/**
 * GET /health: `{ status: 'ok', ...facts }`, or 503 `{ status: 'unavailable' }` when the check
 * throws. The endpoint answers anyone and a driver's message names the database host, port or
 * name, so the error is logged by class and code only, and never sent.
 */
export async function serveHealth(
  response: ServerResponse,
  check: (() => Promise<Record<string, unknown>>) | undefined,
  log: (message: string) => void,
): Promise<void> {
  try {
    sendJson(response, 200, { status: 'ok', ...(await check?.()) });
  } catch (error) {
    log(`health check failed: ${describeForLog(error)}`);
    sendJson(response, 503, { status: 'unavailable' });
  }
}
