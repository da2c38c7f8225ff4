import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

const listen = (server: net.Server) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

const closeServer = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/**
 * A load balancer in front of gateway replicas, as nginx or a cloud balancer would be: each
 * request goes to the next replica in turn (round robin), headers and body as sent. `served`
 * says which replica answered each request, so a test can prove both were used.
 */
export async function startRoundRobin(upstreams: readonly string[]): Promise<{ url: string; served: number[]; stop(): Promise<void> }> {
  let next = 0;
  const served: number[] = [];
  const server = http.createServer(async (request, response) => {
    const index = next++ % upstreams.length;
    served.push(index);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = new URL(request.url ?? '/', upstreams[index]);
    try {
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'connection')) as Record<
        string,
        string
      >;
      const answer = await fetch(target, { method: request.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      response.writeHead(502).end();
    }
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/graphql`, served, stop: () => closeServer(server) };
}

/**
 * A TCP relay to a service (Redis here) that a test can cut and restore, as a network partition
 * would: cut() drops every open connection and refuses new ones until restore().
 */
export async function startTcpRelay(target: { host: string; port: number }): Promise<{ port: number; cut(): void; restore(): void; stop(): Promise<void> }> {
  let open = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const upstream = net.connect(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  const port = await listen(server);
  const cut = () => {
    open = false;
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    cut,
    restore: () => {
      open = true;
    },
    stop: async () => {
      cut();
      await closeServer(server);
    },
  };
}
