import {
  Code,
  ConnectError,
  createClient,
  type CallOptions,
  type Client,
  type Interceptor,
} from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { createConnectClientTelemetryInterceptor } from "@switchyard/telemetry";
import { PreconditionFailureSchema } from "@switchyard/proto/google/rpc/error_details";
import { CatalogService, type Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import {
  createReplicaBalancer,
  ReplicasExhaustedError,
  type ReplicaBalancerOptions,
} from "@switchyard/replica-balancer";
import type { DependencyTlsMaterial } from "@switchyard/service-runtime";
import { dependencyError, type DependencyCall } from "./dependency-call.js";
import { connectDependencyTls } from "./dependency-tls.js";

/** What checkout needs from the catalog. */
export interface CatalogClient {
  /** The product `id`, or `undefined` when the catalog has none; rejects with checkout's dependency errors. */
  getProduct(id: string, call: DependencyCall): Promise<Product | undefined>;
  /**
   * Reserves `lines` for `orderId` (idempotent by order id). The catalog's FAILED_PRECONDITION
   * (short stock, with its PreconditionFailure), NOT_FOUND and ALREADY_EXISTS pass through
   * as they are; other failures become checkout's dependency errors.
   */
  reserveStock(
    orderId: string,
    lines: readonly { readonly productId: string; readonly quantity: number }[],
    call: DependencyCall,
  ): Promise<void>;
  /** Gives `orderId`'s reserved units back; rejects with checkout's dependency errors. */
  releaseStock(orderId: string, call: DependencyCall): Promise<void>;
  /** Whether at least one replica answers its health check with SERVING within `timeoutMs`. */
  isReachable(timeoutMs: number): Promise<boolean>;
  /** Stops re-resolving names. */
  close(): void;
}

/** Options for {@link createCatalogClient}: how names are resolved and re-resolved, and checkout's own token. */
export type CatalogClientOptions = Pick<ReplicaBalancerOptions<unknown>, "resolve" | "refreshIntervalMs"> & {
  /** Checkout's access token for every catalog call (see `CheckoutConfig.serviceClient`); none by default. */
  readonly accessToken?: () => Promise<string>;
  /**
   * TLS to the catalog's `https://` replicas (`TLS_DEPENDENCY_CA_FILE`): each must show a
   * certificate from the CA naming `catalog`; checkout presents its own. Default: none (h2c).
   */
  readonly tls?: DependencyTlsMaterial;
};

/** Sends `accessToken()` as the bearer token of every call. */
function bearerInterceptor(accessToken: () => Promise<string>): Interceptor {
  return (next) => async (request) => {
    request.header.set("authorization", `Bearer ${await accessToken()}`);
    return next(request);
  };
}

/** Catalog answers about the request itself, which checkout's caller gets as they are. */
const passedThroughCodes = new Set([Code.FailedPrecondition, Code.NotFound, Code.AlreadyExists]);

function stockCallError(error: unknown, call: DependencyCall): ConnectError {
  const connectError = ConnectError.from(error);
  if (passedThroughCodes.has(connectError.code)) {
    const details = connectError
      .findDetails(PreconditionFailureSchema)
      .map((value) => ({ desc: PreconditionFailureSchema, value }));
    return new ConnectError(connectError.rawMessage, connectError.code, undefined, details, error);
  }
  return catalogError(error, call);
}

/** Checkout's dependency error for a failed catalog call. */
function catalogError(error: unknown, call: DependencyCall): ConnectError {
  const connectError = ConnectError.from(error);
  // Every replica was tried: the catalog is unreachable, whatever the caller's deadline.
  if (error instanceof ReplicasExhaustedError) {
    return dependencyError("catalog", Code.Unavailable, connectError.rawMessage, error);
  }
  return dependencyError("catalog", connectError.code, connectError.rawMessage, error, call);
}

/**
 * A catalog client balanced per call across every catalog replica (round robin, names
 * re-resolved, draining and failing replicas passed over; see `@switchyard/replica-balancer`).
 * GetProduct is a read and ReserveStock/ReleaseStock are idempotent by order id, so a call
 * that finds its replica UNAVAILABLE (refused, reset) is tried once on each other replica,
 * within the same deadline. The stock calls do not advance the turn: the order's product
 * lookups already spread over the replicas.
 */
export function createCatalogClient(
  urls: readonly string[],
  options: CatalogClientOptions = {},
): CatalogClient {
  const { accessToken, tls, ...balancing } = options;
  const nodeOptions = tls === undefined ? undefined : connectDependencyTls(tls, "catalog");
  const interceptors = [
    // Order calls carry a client span (and the trace context).
    createConnectClientTelemetryInterceptor(),
    ...(accessToken === undefined ? [] : [bearerInterceptor(accessToken)]),
  ];
  const balancer = createReplicaBalancer({
    ...balancing,
    urls,
    ...(nodeOptions === undefined ? {} : { nodeOptions }),
    connect: (url) =>
      createClient(
        CatalogService,
        createGrpcTransport({
          baseUrl: url,
          interceptors,
          ...(nodeOptions === undefined ? {} : { nodeOptions }),
        }),
      ),
  });
  /** A stock call: idempotent by order id, so UNAVAILABLE is retried; it does not take a turn. */
  const stockCall = async (
    attempt: (catalog: Client<typeof CatalogService>, options: CallOptions) => Promise<unknown>,
    call: DependencyCall,
  ): Promise<void> => {
    await balancer
      .call((catalog, timeoutMs) => attempt(catalog, { signal: call.signal, timeoutMs }), {
        timeoutMs: call.timeoutMs,
        signal: call.signal,
        retryUnavailable: true,
        advance: false,
      })
      .catch((error: unknown) => {
        throw stockCallError(error, call);
      });
  };
  return {
    async getProduct(id, call) {
      try {
        const { product } = await balancer.call(
          (catalog, timeoutMs) => catalog.getProduct({ id }, { signal: call.signal, timeoutMs }),
          { timeoutMs: call.timeoutMs, signal: call.signal, retryUnavailable: true },
        );
        return product;
      } catch (error) {
        if (ConnectError.from(error).code === Code.NotFound) return undefined;
        throw catalogError(error, call);
      }
    },
    async reserveStock(orderId, lines, call) {
      const request = { orderId, lines: lines.map(({ productId, quantity }) => ({ productId, quantity })) };
      await stockCall((catalog, options) => catalog.reserveStock(request, options), call);
    },
    async releaseStock(orderId, call) {
      await stockCall((catalog, options) => catalog.releaseStock({ orderId }, options), call);
    },
    isReachable: (timeoutMs) => balancer.checkHealth(timeoutMs),
    close() {
      balancer.close();
    },
  };
}
