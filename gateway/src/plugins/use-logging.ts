import { describeForLog, unexpectedCause } from '@coalition/shared';
import type { GatewayPlugin } from './gateway-plugin';

/**
 * Where the gateway's own messages go: a pino logger in production (main.ts makes it), or any
 * object with these three methods. Messages never hold personal data or tokens: unexpected
 * errors are named by class and code only (describeForLog), never by their message.
 */
export interface GatewayLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger writing every message as a line through one function (tests, and GatewayOptions.log). */
export function lineLogger(write: (message: string) => void): GatewayLogger {
  return { info: write, warn: write, error: write };
}

/**
 * Logs what the server did not mean to throw (a bug, a driver error), wherever Apollo Server
 * met it: while building the context, in the request pipeline, or after it. The client gets
 * INTERNAL_SERVER_ERROR from formatError; the log gets the class and code.
 */
export function useLogging(logger: GatewayLogger): GatewayPlugin {
  const logUnexpected = (error: unknown) => {
    const unexpected = unexpectedCause(error);
    if (unexpected) logger.error(`unexpected error: ${describeForLog(unexpected)}`);
  };
  return {
    async contextCreationDidFail({ error }) {
      logUnexpected(error);
    },
    async unexpectedErrorProcessingRequest({ error }) {
      logUnexpected(error);
    },
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) logUnexpected(error);
        },
      };
    },
  };
}
