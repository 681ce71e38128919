import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { createConnectClientTelemetryInterceptor } from "@switchyard/telemetry";
import { PreconditionFailureSchema } from "@switchyard/proto/google/rpc/error_details";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import { CatalogService, type Product } from "@switchyard/proto/switchyard/catalog/v1/catalog_service";
import { dependencyError, type DependencyCall } from "./dependency-call.js";

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

/** Options for {@link createCatalogClient}. */
export interface CatalogClientOptions {
  /**
   * Resolves a host name to every address it has (default: `dns.lookup` with
   * `all: true`, which honours /etc/hosts as well as DNS).
   */
  readonly resolve?: (hostname: string) => Promise<string[]>;
  /** How often names are resolved again, to follow replicas coming and going. Default 30 000 ms, as grpc-js. */
  readonly refreshIntervalMs?: number;
}

async function resolveAll(hostname: string): Promise<string[]> {
  const addresses = await lookup(hostname, { all: true });
  return addresses.map((address) => address.address);
}

/**
 * The replica URLs behind `url`: itself for an IP address or TLS (a
 * certificate names the host, not its addresses), else one URL per address
 * the host name resolves to, so a headless Service's pods each get calls.
 */
async function expand(url: string, resolve: (hostname: string) => Promise<string[]>): Promise<string[]> {
  const parsed = new URL(url);
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (parsed.protocol !== "http:" || isIP(hostname) !== 0) return [url];
  const addresses = await resolve(hostname);
  if (addresses.length === 0) return [url];
  return addresses.map((address) => {
    const copy = new URL(url);
    copy.hostname = isIP(address) === 6 ? `[${address}]` : address;
    return copy.toString().replace(/\/$/, "");
  });
}

interface Replica {
  readonly url: string;
  readonly catalog: Client<typeof CatalogService>;
  readonly health: Client<typeof Health>;
  /** What the replica's last health check said: a draining replica says NOT_SERVING. */
  serving: boolean;
  /** Until when calls avoid the replica after it answered UNAVAILABLE or not at all. */
  avoidUntil: number;
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
  return dependencyError("catalog", connectError.code, connectError.rawMessage, error, call);
}

/**
 * How long a replica that failed a call with UNAVAILABLE is passed over (while another is
 * usable): long enough for its health to be checked again (DEPENDENCY_PROBE_INTERVAL_MS),
 * short enough that a restarted replica soon gets calls again.
 */
const avoidAfterFailureMs = 5000;

/**
 * A catalog client on connect-node's gRPC transport (HTTP/2, one connection
 * per replica) that balances per call: each call goes to the next replica in
 * turn (round robin), so every replica gets a share even over long-lived
 * connections. A URL with a host name (plain h2c) stands for every address
 * the name resolves to, re-resolved every `refreshIntervalMs`; until the
 * first resolution the name itself is used. GetProduct is a read, so a call
 * that finds its replica UNAVAILABLE (refused, reset) is tried once on each
 * other replica, within the same deadline. Calls pass over replicas whose last
 * health check ({@link CatalogClient.isReachable}, run by checkout's readiness
 * probe) was not SERVING, such as a draining one, and for a few seconds those
 * that just failed, while another replica is usable.
 */
export function createCatalogClient(
  urls: readonly string[],
  options: CatalogClientOptions = {},
): CatalogClient {
  if (urls.length === 0) throw new Error("the catalog client needs at least one replica URL");
  const known = new Map<string, Replica>();
  const replicaFor = (url: string): Replica => {
    let replica = known.get(url);
    if (replica === undefined) {
      replica = {
        url,
        // Order calls carry a client span; health polling stays out of traces.
        catalog: createClient(
          CatalogService,
          createGrpcTransport({ baseUrl: url, interceptors: [createConnectClientTelemetryInterceptor()] }),
        ),
        health: createClient(Health, createGrpcTransport({ baseUrl: url })),
        serving: true,
        avoidUntil: 0,
      };
      known.set(url, replica);
    }
    return replica;
  };
  let replicas: Replica[] = urls.map(replicaFor);
  const resolve = options.resolve ?? resolveAll;
  let refreshTimer: NodeJS.Timeout | undefined;
  let closed = false;
  const refresh = async (): Promise<void> => {
    try {
      const expanded = (await Promise.all(urls.map((url) => expand(url, resolve)))).flat();
      const current = new Set(expanded);
      replicas = [...current].map(replicaFor);
      for (const url of known.keys()) if (!current.has(url)) known.delete(url);
    } catch {
      // Keep the last good list: a failed lookup must not take healthy replicas away.
    }
    if (!closed) {
      refreshTimer = setTimeout(() => void refresh(), options.refreshIntervalMs ?? 30_000);
      refreshTimer.unref();
    }
  };
  void refresh();
  let next = 0;
  /**
   * The replicas in the order a call tries them: round robin from `start`, usable ones
   * (SERVING at their last health check, no recent failure) first, the rest as a last resort.
   * Read from the current list on every attempt, so a re-resolution mid-call is followed.
   */
  const inOrder = (start: number): Replica[] => {
    const ordered = replicas.map((_, index) => replicas[(start + index) % replicas.length] as Replica);
    const now = Date.now();
    const usable = (replica: Replica) => replica.serving && replica.avoidUntil <= now;
    return [...ordered.filter(usable), ...ordered.filter((replica) => !usable(replica))];
  };
  return {
    async getProduct(id, call) {
      const deadline = Date.now() + call.timeoutMs;
      let lastError: ConnectError | undefined;
      const start = next;
      next = (next + 1) % replicas.length;
      // Each replica at most once per call, so a retry never lands on the one that just failed.
      const tried = new Set<string>();
      for (;;) {
        const replica = inOrder(start).find((candidate) => !tried.has(candidate.url));
        const timeoutMs = deadline - Date.now();
        if (replica === undefined || timeoutMs <= 0) break;
        tried.add(replica.url);
        try {
          const { product } = await replica.catalog.getProduct(
            { id },
            { signal: call.signal, timeoutMs, headers: call.headers },
          );
          return product;
        } catch (error) {
          const connectError = ConnectError.from(error);
          if (connectError.code === Code.NotFound) return undefined;
          if (connectError.code === Code.Unavailable || connectError.code === Code.DeadlineExceeded) {
            replica.avoidUntil = Date.now() + avoidAfterFailureMs;
          }
          if (connectError.code !== Code.Unavailable || call.signal.aborted) {
            throw dependencyError("catalog", connectError.code, connectError.rawMessage, error, call);
          }
          lastError = connectError;
        }
      }
      if (lastError === undefined) {
        throw dependencyError("catalog", Code.DeadlineExceeded, "no time left", undefined, call);
      }
      throw dependencyError(
        "catalog",
        Code.Unavailable,
        `no replica answered (${tried.size} tried; last: ${lastError.rawMessage})`,
        lastError,
      );
    },
    async reserveStock(orderId, lines, call) {
      // Not advancing the turn: the order's product lookups already spread over the replicas.
      const replica = inOrder(next)[0] as Replica;
      try {
        await replica.catalog.reserveStock(
          { orderId, lines: lines.map(({ productId, quantity }) => ({ productId, quantity })) },
          { signal: call.signal, timeoutMs: call.timeoutMs, headers: call.headers },
        );
      } catch (error) {
        throw stockCallError(error, call);
      }
    },
    async releaseStock(orderId, call) {
      // Not advancing the turn: the order's product lookups already spread over the replicas.
      const replica = inOrder(next)[0] as Replica;
      try {
        await replica.catalog.releaseStock(
          { orderId },
          { signal: call.signal, timeoutMs: call.timeoutMs, headers: call.headers },
        );
      } catch (error) {
        throw stockCallError(error, call);
      }
    },
    async isReachable(timeoutMs) {
      // Every replica is asked; what each says also steers calls away from a draining one.
      const checked = replicas;
      const answers = await Promise.allSettled(
        checked.map((replica) => replica.health.check({ service: "" }, { timeoutMs })),
      );
      answers.forEach((answer, index) => {
        const replica = checked[index];
        if (replica !== undefined) {
          replica.serving =
            answer.status === "fulfilled" &&
            answer.value.status === HealthCheckResponse_ServingStatus.SERVING;
        }
      });
      return checked.some((replica) => replica.serving);
    },
    close() {
      closed = true;
      clearTimeout(refreshTimer);
    },
  };
}
