/**
 * A TCP proxy on loopback in front of a real server, which a test can make drop the connection at a
 * chosen moment: when the server sends a large piece at once (through TLS, a message being fetched).
 * Each arming drops one connection; later connections pass untouched.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Drops the connection the next time the server sends more than `bytes` at once (TLS hides what it is), before it reaches the client. */
  dropOnServerChunkOver(bytes: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const armed: { bytes: number; dropped: () => void }[] = [];
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    const relay = (side: 'server' | 'client', to: Socket) => (chunk: Buffer) => {
      const trap = side === 'server' ? armed.find((entry) => chunk.length > entry.bytes) : undefined;
      if (trap) {
        armed.splice(armed.indexOf(trap), 1);
        drop();
        trap.dropped();
        return;
      }
      to.write(chunk);
    };
    upstream.on('data', relay('server', client));
    client.on('data', relay('client', upstream));
    for (const socket of [client, upstream]) {
      socket.on('error', drop);
      socket.on('close', () => {
        sockets.delete(socket);
        drop();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    dropOnServerChunkOver: (bytes) => new Promise<void>((resolve) => armed.push({ bytes, dropped: resolve })),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
