import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../errors';
import { HttpError } from './response';

/**
 * The body exactly as sent (a proof is checked against these bytes). Past `limit` bytes it is
 * refused with 413 before anything is parsed; the rest is drained and dropped, never kept.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      if (size > limit) return; // already refused: the rest is drained and dropped
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        reject(new HttpError(ErrorCode.BAD_REQUEST, `Request body larger than ${limit} bytes`, 413));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The body as JSON; an empty body is no body. */
export function parseJsonBody(text: string): unknown {
  try {
    return text.length ? JSON.parse(text) : undefined;
  } catch {
    throw new HttpError(ErrorCode.BAD_REQUEST, 'Request body is not valid JSON');
  }
}
