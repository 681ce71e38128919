import { createServer, type Http2Server, type ServerHttp2Session } from "node:http2";
import type { AddressInfo } from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import {
  Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from "@switchyard/proto/grpc/health/v1/health";
import { EchoService } from "@switchyard/proto/switchyard/testing/v1/echo_service";

/** Options for {@link startLabReplica}. */
export interface LabReplicaOptions {
  /** Reported in `x-served-by` on every response. */
  readonly id: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /**
   * Sends GOAWAY on a client connection this old (±10 % jitter), as the service runtime's
   * MAX_CONNECTION_AGE_MS does, so clients reconnect. Default 0: never.
   */
  readonly maxConnectionAgeMs?: number;
}

/** A running replica of the lab's service. */
export interface LabReplica {
  readonly id: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts a small connect-node server for the lab: `switchyard.testing.v1.EchoService/Echo`
 * (waits `delay_ms`, answers `x-served-by: <id>`) and `grpc.health.v1.Health/Check`.
 */
export async function startLabReplica(options: LabReplicaOptions): Promise<LabReplica> {
  const handler = connectNodeAdapter({
    routes: (router) => {
      router.service(EchoService, {
        async echo(request, context) {
          context.responseHeader.set("x-served-by", options.id);
          if (request.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, request.delayMs));
          return { message: request.message };
        },
      });
      router.service(Health, {
        check(request) {
          if (request.service !== "") throw new ConnectError("unknown service", Code.NotFound);
          return { status: ServingStatus.SERVING };
        },
      });
    },
  });
  const server: Http2Server = createServer(handler);
  const sessions = new Set<ServerHttp2Session>();
  const ageMs = options.maxConnectionAgeMs ?? 0;
  server.on("session", (session) => {
    sessions.add(session);
    if (ageMs > 0) {
      // close() sends GOAWAY and lets calls in flight finish: the client reconnects for new ones.
      const timer = setTimeout(
        () => {
          session.close();
        },
        ageMs * (0.9 + Math.random() * 0.2),
      );
      timer.unref();
      session.once("close", () => {
        clearTimeout(timer);
      });
    }
    session.once("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  return {
    id: options.id,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const session of sessions) session.destroy();
      }),
  };
}
