import { existsSync } from "node:fs";
import {
  createServer,
  type Http2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
} from "node:http2";
import type { AddressInfo } from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { reflectionServiceNames, registerReflectionConnect } from "@switchyard/grpc-reflection";
import { protoRegistry } from "@switchyard/proto";
import {
  Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from "@switchyard/proto/grpc/health/v1/health";
import { healthyHostCounts, type EnvoyProcess } from "@switchyard/launcher";
import type { PlatformService } from "@switchyard/topology";
import sirv from "sirv";

/** Options for {@link startEdgeServer}. */
export interface EdgeServerOptions {
  readonly services: readonly PlatformService[];
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** The built storefront (`dist/apps/web`), served for the paths Envoy routes here. Default: none. */
  readonly webRoot?: string;
  /**
   * The storefront's dev login: `GET /dev-login` answers a shopper's token from this function
   * (local platform only; a deployment signs users in with its own identity provider).
   */
  readonly devLogin?: () => Promise<{ token: string; subject: string; scopes: readonly string[] }>;
}

/** The running edge server. */
export interface EdgeServer {
  readonly port: number;
  /** Tells the edge which Envoy fronts the platform, so health answers follow Envoy's view of each cluster. */
  setEnvoy(envoy: Pick<EnvoyProcess, "admin">): void;
  close(): Promise<void>;
}

type RequestHandler = (request: Http2ServerRequest, response: Http2ServerResponse) => void;

/**
 * Serves GET and HEAD requests from `webRoot` (the storefront: `index.html` revalidated on every
 * load, the content-hashed `assets/` cached for a year) and hands everything else to `grpc`.
 */
function withStaticFiles(grpc: RequestHandler, webRoot: string): RequestHandler {
  if (!existsSync(webRoot)) throw new Error(`the storefront is not built: ${webRoot} is missing`);
  const files = sirv(webRoot, {
    etag: true,
    setHeaders: (response, pathname) => {
      response.setHeader("x-content-type-options", "nosniff");
      response.setHeader(
        "cache-control",
        pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });
  return (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      grpc(request, response);
      return;
    }
    files(request as never, response as never, () => {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    });
  };
}

/** Answers `GET /dev-login` with a token from `devLogin` (never cached); hands everything else on. */
function withDevLogin(
  next: RequestHandler,
  devLogin: NonNullable<EdgeServerOptions["devLogin"]>,
): RequestHandler {
  return (request, response) => {
    if (request.method !== "GET" || request.url !== "/dev-login") {
      next(request, response);
      return;
    }
    devLogin().then(
      (login) => {
        response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        response.end(JSON.stringify(login));
      },
      () => {
        response.writeHead(503, { "content-type": "text/plain" }).end("dev login unavailable\n");
      },
    );
  };
}

/**
 * Starts the local platform's edge server, which Envoy routes health and reflection to.
 * Envoy routes by path and the service a client asks about is in the body, so no replica can
 * answer for the whole platform; this server can:
 *
 * - reflection lists every gRPC service of the topology (plus health and reflection) and
 *   describes them from the shared buf registry, so `grpcurl -plaintext <envoy> list` works;
 * - `Health/Check("")` is SERVING while the platform runs; `Health/Check("<pkg.Service>")`
 *   is SERVING when Envoy has a healthy replica of the service's cluster (read from Envoy's
 *   admin `/clusters`), NOT_FOUND for a service the platform does not have.
 */
export async function startEdgeServer(options: EdgeServerOptions): Promise<EdgeServer> {
  const clusterOf = new Map(
    options.services.flatMap((service) =>
      service.grpcServices.map((grpcService) => [grpcService, service.name]),
    ),
  );
  let envoy: Pick<EnvoyProcess, "admin"> | undefined;
  const clusterServing = async (cluster: string): Promise<boolean> =>
    envoy !== undefined && ((await healthyHostCounts(envoy)).get(cluster) ?? 0) > 0;
  const handler = connectNodeAdapter({
    routes: (router) => {
      registerReflectionConnect(router, {
        registry: protoRegistry,
        serviceNames: [...clusterOf.keys(), Health.typeName, ...reflectionServiceNames],
      });
      router.service(Health, {
        async check(request) {
          if (request.service === "") return { status: ServingStatus.SERVING };
          const cluster = clusterOf.get(request.service);
          if (cluster === undefined) {
            throw new ConnectError(`the platform has no service "${request.service}"`, Code.NotFound);
          }
          return {
            status: (await clusterServing(cluster)) ? ServingStatus.SERVING : ServingStatus.NOT_SERVING,
          };
        },
      });
    },
  });
  const withFiles = options.webRoot === undefined ? handler : withStaticFiles(handler, options.webRoot);
  const server: Http2Server = createServer(
    options.devLogin === undefined ? withFiles : withDevLogin(withFiles, options.devLogin),
  );
  const sessions = new Set<ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    setEnvoy(frontProxy) {
      envoy = frontProxy;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const session of sessions) session.close();
      }),
  };
}
