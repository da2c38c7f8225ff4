import net from 'node:net';
import tls from 'node:tls';

export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** The Redis the tests use: CG_TEST_REDIS_URL (the global setup sets it, and checks it answers). */
export function testRedisUrl(): string {
  return process.env.CG_TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
}

const command = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

/**
 * Resolves when the Redis at `url` answers PING (after AUTH, when the URL has a password);
 * rejects with the reason otherwise. Plain RESP over a socket: the tests need no Redis client
 * of their own for this.
 */
export function pingRedis(url: string, timeoutMs = 2_000): Promise<void> {
  const target = new URL(url);
  const options = { host: target.hostname.replace(/^\[|\]$/g, ''), port: Number(target.port || 6379) };
  return new Promise((resolve, reject) => {
    const socket = target.protocol === 'rediss:' ? tls.connect({ ...options, servername: options.host }) : net.connect(options);
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    let replies = '';
    const expected = target.password ? 2 : 1;
    socket.on('error', (error) => done(error));
    socket.on(target.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => {
      const auth = target.password
        ? command('AUTH', ...(target.username ? [decodeURIComponent(target.username)] : []), decodeURIComponent(target.password))
        : '';
      socket.write(auth + command('PING'));
    });
    socket.on('data', (chunk) => {
      replies += chunk.toString('utf8');
      const lines = replies.split('\r\n').filter(Boolean);
      const refused = lines.find((line) => line.startsWith('-'));
      if (refused) done(new Error(`Redis answered "${refused.slice(1)}"`));
      else if (lines.length >= expected) done(lines[expected - 1] === '+PONG' ? undefined : new Error(`unexpected answer to PING: ${lines[expected - 1]}`));
    });
  });
}
