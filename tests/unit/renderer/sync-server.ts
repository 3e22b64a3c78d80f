/**
 * The sync test server (sync-server/, its own dependencies) started in this process on a free
 * loopback port, and a TCP proxy in front of it that can cut the connection after a given
 * number of bytes, as a network lost mid-transfer does.
 */
import { createRequire } from 'node:module';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const require = createRequire(import.meta.url);
const { ensureInstalled } = require('../../../sync-server/start.cjs') as { ensureInstalled: () => void };

export interface TestServer {
  url: string;
  port: number;
  /** Stops it at once, dropping every open connection (as a killed process does). */
  kill(): Promise<void>;
}

/** Starts the server (empty: it keeps nothing but in memory), on `port` or a free one. */
export async function startServer(port = 0): Promise<TestServer> {
  ensureInstalled();
  const { start } = require('../../../sync-server/server.cjs') as {
    start: (port: number) => Promise<HttpServer>;
  };
  const server = await start(port);
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    kill: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface CuttingProxy {
  url: string;
  /** Bytes that crossed the proxy, both ways, since it started or since `reset`. */
  bytes(): number;
  /** From now on, cut every connection once this many more bytes have crossed (undefined: never). */
  cutAfter(bytes: number | undefined): void;
  /** Whether a connection was cut since the last `cutAfter`. */
  cut(): boolean;
  reset(): void;
  close(): Promise<void>;
}

export async function cuttingProxy(targetPort: number): Promise<CuttingProxy> {
  let crossed = 0;
  let limit: number | undefined;
  let wasCut = false;
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const pass = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (limit !== undefined && crossed + chunk.length > limit) {
          const allowed = Math.max(0, limit - crossed);
          if (allowed) to.write(chunk.subarray(0, allowed));
          crossed += allowed;
          wasCut = true;
          client.destroy();
          upstream.destroy();
          return;
        }
        crossed += chunk.length;
        to.write(chunk);
      });
    pass(client, upstream);
    pass(upstream, client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    bytes: () => crossed,
    cutAfter(bytes) {
      limit = bytes === undefined ? undefined : crossed + bytes;
      wasCut = false;
    },
    cut: () => wasCut,
    reset() {
      crossed = 0;
      limit = undefined;
      wasCut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}
