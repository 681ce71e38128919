import type { Http2SecureServer, Http2Server, Http2Session } from "node:http2";
import type { Server } from "@grpc/grpc-js";

/** The HTTP/2 servers of a grpc-js server and their open sessions. */
export interface GrpcJsHttp2State {
  /** The listening node:http2 servers (one per bound address). */
  readonly http2Servers: readonly (Http2Server | Http2SecureServer)[];
  /** Every open session across them. */
  readonly sessions: readonly Http2Session[];
}

/**
 * The HTTP/2 servers and sessions of a grpc-js server. grpc-js has no public
 * API for them (it drains with a single GOAWAY, `session.close()`, while still
 * accepting connections); it keeps them in the private `http2Servers` map
 * (grpc-js 1.10 to 1.14). The runtime reads it only to stop listening and to
 * send the first GOAWAY of a two-step drain; when the field is missing both
 * lists are empty and drain falls back to grpc-js's own `tryShutdown`.
 * `grpc-js-sessions.test.ts` fails if a grpc-js upgrade removes the field.
 */
export function grpcJsHttp2State(server: Server): GrpcJsHttp2State {
  const map = (server as unknown as { http2Servers?: unknown }).http2Servers;
  if (!(map instanceof Map)) return { http2Servers: [], sessions: [] };
  const http2Servers: (Http2Server | Http2SecureServer)[] = [];
  const sessions: Http2Session[] = [];
  for (const [http2Server, entry] of map.entries() as IterableIterator<[unknown, unknown]>) {
    http2Servers.push(http2Server as Http2Server);
    const entrySessions = (entry as { sessions?: unknown } | undefined)?.sessions;
    if (!(entrySessions instanceof Set)) continue;
    for (const session of entrySessions as Set<Http2Session>) sessions.push(session);
  }
  return { http2Servers, sessions };
}
