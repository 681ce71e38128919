import {
  createServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
} from "node:http2";
import type { AddressInfo } from "node:net";
import { connectNodeAdapter, type ConnectNodeAdapterOptions } from "@connectrpc/connect-node";

/** A connect-node server a test started, see {@link startConnectTestServer}. */
export interface ConnectTestServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops listening and ends every connection at once; resolves when the server has closed. */
  close(): Promise<void>;
}

/** Options for {@link startConnectTestServer}: connect's adapter options, and an optional front handler. */
export interface ConnectTestServerOptions extends ConnectNodeAdapterOptions {
  /**
   * Sees each request first; returns true when it answered itself (e.g. a hand-framed
   * Trailers-Only answer), false to hand the request to the connect adapter.
   */
  readonly intercept?: (request: Http2ServerRequest, response: Http2ServerResponse) => boolean;
}

/**
 * Starts a connect-node server (gRPC, gRPC-Web and Connect over h2c) on 127.0.0.1, port 0,
 * serving what `options.routes` registers; every connection is tracked, so `close()` never
 * waits on a client that keeps one open.
 */
export async function startConnectTestServer(options: ConnectTestServerOptions): Promise<ConnectTestServer> {
  const adapter = connectNodeAdapter(options);
  const server = createServer((request, response) => {
    if (options.intercept?.(request, response) !== true) adapter(request, response);
  });
  const sessions = new Set<ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const session of sessions) session.destroy();
      }),
  };
}
