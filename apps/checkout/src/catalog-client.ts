import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import { CatalogService, type Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { dependencyError, type DependencyCall } from "./dependency-call.js";

/** What checkout needs from the catalog. */
export interface CatalogClient {
  /** The product `id`, or `undefined` when the catalog has none; rejects with checkout's dependency errors. */
  getProduct(id: string, call: DependencyCall): Promise<Product | undefined>;
  /** Whether at least one replica answers its health check with SERVING within `timeoutMs`. */
  isReachable(timeoutMs: number): Promise<boolean>;
}

interface Replica {
  readonly url: string;
  readonly catalog: Client<typeof CatalogService>;
  readonly health: Client<typeof Health>;
}

/**
 * A catalog client on connect-node's gRPC transport (HTTP/2, one connection
 * per replica) that balances per call: each call goes to the next replica in
 * turn (round robin), so every replica gets a share even over long-lived
 * connections. GetProduct is a read, so a call that finds its replica
 * UNAVAILABLE (refused, reset) is tried once on each other replica, within
 * the same deadline.
 */
export function createCatalogClient(urls: readonly string[]): CatalogClient {
  if (urls.length === 0) throw new Error("the catalog client needs at least one replica URL");
  const replicas: Replica[] = urls.map((url) => {
    const transport = createGrpcTransport({ baseUrl: url });
    return { url, catalog: createClient(CatalogService, transport), health: createClient(Health, transport) };
  });
  let next = 0;
  const pick = (): Replica => {
    const replica = replicas[next % replicas.length];
    next = (next + 1) % replicas.length;
    if (replica === undefined) throw new Error("unreachable: replicas is not empty");
    return replica;
  };
  return {
    async getProduct(id, call) {
      const deadline = Date.now() + call.timeoutMs;
      let lastError: ConnectError | undefined;
      for (let attempt = 0; attempt < replicas.length; attempt++) {
        const timeoutMs = deadline - Date.now();
        if (timeoutMs <= 0) break;
        const replica = pick();
        try {
          const { product } = await replica.catalog.getProduct(
            { id },
            { signal: call.signal, timeoutMs, headers: call.headers },
          );
          return product;
        } catch (error) {
          const connectError = ConnectError.from(error);
          if (connectError.code === Code.NotFound) return undefined;
          if (connectError.code !== Code.Unavailable || call.signal.aborted) {
            throw dependencyError("catalog", connectError.code, connectError.rawMessage, error);
          }
          lastError = connectError;
        }
      }
      if (lastError === undefined) {
        throw dependencyError("catalog", Code.DeadlineExceeded, "no time left", undefined);
      }
      throw dependencyError(
        "catalog",
        Code.Unavailable,
        `no replica answered (${replicas.length} tried; last: ${lastError.rawMessage})`,
        lastError,
      );
    },
    async isReachable(timeoutMs) {
      const answers = await Promise.allSettled(
        replicas.map((replica) => replica.health.check({ service: "" }, { timeoutMs })),
      );
      return answers.some(
        (answer) =>
          answer.status === "fulfilled" && answer.value.status === HealthCheckResponse_ServingStatus.SERVING,
      );
    },
  };
}
