import { connect, createServer, type AddressInfo, type Socket } from "node:net";

/** A target of an {@link NlbReplay}: a TCP port on 127.0.0.1. */
export interface NlbTarget {
  /** The port the target listens on (e.g. an Envoy listener). */
  readonly port: number;
}

/** A running {@link startNlbReplay}. */
export interface NlbReplay {
  /** The port clients connect to, on 127.0.0.1. */
  readonly port: number;
  /**
   * Deregisters `target`: no new connection goes to it once `lagMs` has passed
   * (the NLB applies deregistrations late), while its open connections stay
   * open, as an NLB with connection termination off keeps them.
   */
  deregister(target: NlbTarget, lagMs?: number): void;
  /** Connections opened to `target` so far. */
  connectionsTo(target: NlbTarget): number;
  /** Stops accepting and closes every relayed connection. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Replays a Network Load Balancer in front of `targets` on loopback: a TCP
 * relay that picks a registered target per *connection* (round robin) and
 * relays bytes as they are, so everything multiplexed on one HTTP/2
 * connection lands on one target, exactly as behind an NLB. When a target
 * closes or resets a connection, the client's side ends the same way.
 */
export async function startNlbReplay(targets: readonly NlbTarget[]): Promise<NlbReplay> {
  const registered = targets.map((target) => target.port);
  const opened = new Map<number, number>();
  const sockets = new Set<Socket>();
  let next = 0;

  const server = createServer((client) => {
    const port = registered[next++ % Math.max(registered.length, 1)];
    if (port === undefined) {
      client.destroy();
      return;
    }
    opened.set(port, (opened.get(port) ?? 0) + 1);
    const upstream = connect({ host: "127.0.0.1", port });
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    // A reset on one side is a reset on the other: what a client of a killed target sees.
    const end = (from: Socket, to: Socket) => (error?: Error) => {
      sockets.delete(from);
      if (error === undefined) to.end();
      else to.resetAndDestroy();
    };
    client.on("error", end(client, upstream));
    upstream.on("error", end(upstream, client));
    client.on("close", () => sockets.delete(client));
    upstream.on("close", () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const timers = new Set<NodeJS.Timeout>();
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    deregister(target, lagMs = 0) {
      const remove = (): void => {
        const index = registered.indexOf(target.port);
        if (index >= 0) registered.splice(index, 1);
      };
      if (lagMs <= 0) {
        remove();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        remove();
      }, lagMs);
      timers.add(timer);
    },
    connectionsTo: (target) => opened.get(target.port) ?? 0,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      });
      return closed;
    },
  };
}
