import { createServer, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { CatalogService } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { createCatalogService } from "./catalog-service.js";
import type { ProductStore } from "./product-store.js";

/** Options for {@link startCatalogServer}. */
export interface CatalogServerOptions {
  /** Where products come from. */
  readonly store: ProductStore;
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  readonly host?: string;
}

/** A running catalog server. */
export interface RunningCatalogServer {
  /** The bound port. */
  readonly port: number;
  /** `http://host:port`, for h2c clients. */
  readonly url: string;
  /** Stops accepting connections and closes open sessions. */
  close(): Promise<void>;
}

/** Starts the catalog on an h2c port serving gRPC, gRPC-Web and Connect. */
export async function startCatalogServer(options: CatalogServerOptions): Promise<RunningCatalogServer> {
  const host = options.host ?? "127.0.0.1";
  const handler = connectNodeAdapter({
    routes: (router) => router.service(CatalogService, createCatalogService(options.store)),
  });
  const server: Http2Server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const sessions = new Set<import("node:http2").ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  return {
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const session of sessions) session.close();
      }),
  };
}
