import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport, type GrpcTransportOptions } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus } from "@switchyard/proto/grpc/health/v1/health";
import { expandReplicaUrls, resolveAllAddresses } from "./replica-urls.js";

/** Options for {@link createReplicaBalancer}. */
export interface ReplicaBalancerOptions<C> {
  /** The replicas: URLs with IP addresses, or host names standing for every address they resolve to. */
  readonly urls: readonly string[];
  /** The client of one replica (e.g. `createClient(Service, createGrpcTransport({ baseUrl }))`). */
  connect(url: string): C;
  /**
   * Node.js options of the balancer's own health-check connections, as `connect` gives its
   * clients: for `https://` replicas, the CA, the client certificate and the server name to
   * check. Default: none.
   */
  readonly nodeOptions?: GrpcTransportOptions["nodeOptions"];
  /** Resolves a host name to all its addresses. Default: `dns.lookup` with `all: true`. */
  readonly resolve?: (hostname: string) => Promise<string[]>;
  /** How often names are resolved again, to follow replicas coming and going. Default 30 000 ms, as grpc-js. */
  readonly refreshIntervalMs?: number;
  /**
   * How long a replica that failed a call with UNAVAILABLE or DEADLINE_EXCEEDED is passed
   * over while another is usable: long enough for its health to be checked again, short
   * enough that a restarted replica soon gets calls again. Default 5000 ms.
   */
  readonly avoidAfterFailureMs?: number;
}

/** How one balanced call runs. */
export interface BalancedCallOptions {
  /** Time the whole call may take, retries included. */
  readonly timeoutMs: number;
  /** Aborts the call (the caller's cancellation). */
  readonly signal: AbortSignal;
  /**
   * Whether UNAVAILABLE (refused, reset, draining) is tried once on each other replica:
   * right for reads and idempotent writes. Default false.
   */
  readonly retryUnavailable?: boolean;
  /** Whether this call takes the next turn of the round robin. Default true. */
  readonly advance?: boolean;
}

const exhausted = Symbol("replicas exhausted");

/**
 * A balanced call found no replica that answered: every one tried was UNAVAILABLE. A
 * ConnectError (code UNAVAILABLE) to everything that handles one; `instanceof` tells it apart.
 */
export class ReplicasExhaustedError extends ConnectError {
  readonly [exhausted] = true;

  constructor(tried: number, last: ConnectError) {
    super(
      `no replica answered (${tried} tried; last: ${last.rawMessage})`,
      Code.Unavailable,
      undefined,
      undefined,
      last,
    );
  }

  // ConnectError answers `instanceof` by shape (its name and code); this answers by brand.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && exhausted in value;
  }
}

/** Per-call balancing over the replicas of one service. */
export interface ReplicaBalancer<C> {
  /**
   * Runs `attempt` against replicas in round-robin order (usable ones first), within
   * `timeoutMs`. A ConnectError other than UNAVAILABLE (or any, without `retryUnavailable`)
   * is rethrown as it is; {@link ReplicasExhaustedError} when every replica was UNAVAILABLE;
   * DEADLINE_EXCEEDED when no time is left for a try.
   */
  call<T>(attempt: (client: C, timeoutMs: number) => Promise<T>, options: BalancedCallOptions): Promise<T>;
  /**
   * Asks every replica `grpc.health.v1.Health/Check("")` within `timeoutMs`; what each says
   * steers calls away from a draining one. Resolves whether at least one is SERVING.
   */
  checkHealth(timeoutMs: number): Promise<boolean>;
  /** Stops re-resolving names. */
  close(): void;
}

interface Replica<C> {
  readonly url: string;
  readonly client: C;
  readonly health: Client<typeof Health>;
  /** What the replica's last health check said: a draining replica says NOT_SERVING. */
  serving: boolean;
  /** Until when calls avoid the replica after it failed. */
  avoidUntil: number;
}

/**
 * Balances calls of a connect client per call across every replica behind `urls`, on one
 * HTTP/2 connection per replica: round robin, so every replica gets a share even over
 * long-lived connections. A URL with a host name (plain h2c) stands for every address the
 * name resolves to, re-resolved every `refreshIntervalMs` (until the first resolution the
 * name itself is used; a failed lookup keeps the last good list). Calls pass over replicas
 * whose last health check was not SERVING, and for a while those that just failed, while
 * another replica is usable.
 *
 * Long by design: a closure-based object; its short methods share the replica list and the round-robin turn.
 */
export function createReplicaBalancer<C>(options: ReplicaBalancerOptions<C>): ReplicaBalancer<C> {
  if (options.urls.length === 0) throw new Error("a replica balancer needs at least one replica URL");
  const avoidAfterFailureMs = options.avoidAfterFailureMs ?? 5000;
  const known = new Map<string, Replica<C>>();
  const replicaFor = (url: string): Replica<C> => {
    let replica = known.get(url);
    if (replica === undefined) {
      // Health polling stays out of traces: its client has no interceptors.
      const health = createClient(
        Health,
        createGrpcTransport({
          baseUrl: url,
          ...(options.nodeOptions === undefined ? {} : { nodeOptions: options.nodeOptions }),
        }),
      );
      replica = { url, client: options.connect(url), health, serving: true, avoidUntil: 0 };
      known.set(url, replica);
    }
    return replica;
  };
  let replicas: Replica<C>[] = options.urls.map(replicaFor);
  const resolve = options.resolve ?? resolveAllAddresses;
  let refreshTimer: NodeJS.Timeout | undefined;
  let closed = false;
  const refresh = async (): Promise<void> => {
    try {
      const expanded = (await Promise.all(options.urls.map((url) => expandReplicaUrls(url, resolve)))).flat();
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
   * The replicas in the order a call tries them: round robin from `start`, usable ones first,
   * the rest as a last resort. Read from the current list on every attempt, so a
   * re-resolution mid-call is followed.
   */
  const inOrder = (start: number): Replica<C>[] => {
    const ordered = replicas.map((_, index) => replicas[(start + index) % replicas.length] as Replica<C>);
    const now = Date.now();
    const usable = (replica: Replica<C>) => replica.serving && replica.avoidUntil <= now;
    return [...ordered.filter(usable), ...ordered.filter((replica) => !usable(replica))];
  };
  return {
    async call(attempt, callOptions) {
      const deadline = Date.now() + callOptions.timeoutMs;
      const start = next;
      if (callOptions.advance !== false) next = (next + 1) % replicas.length;
      // Each replica at most once per call, so a retry never lands on the one that just failed.
      const tried = new Set<string>();
      let lastError: ConnectError | undefined;
      for (;;) {
        const replica = inOrder(start).find((candidate) => !tried.has(candidate.url));
        const timeoutMs = deadline - Date.now();
        if (replica === undefined || timeoutMs <= 0) break;
        tried.add(replica.url);
        try {
          return await attempt(replica.client, timeoutMs);
        } catch (error) {
          const connectError = ConnectError.from(error);
          if (connectError.code === Code.Unavailable || connectError.code === Code.DeadlineExceeded) {
            replica.avoidUntil = Date.now() + avoidAfterFailureMs;
          }
          const retry = callOptions.retryUnavailable === true && !callOptions.signal.aborted;
          if (connectError.code !== Code.Unavailable || !retry) throw connectError;
          lastError = connectError;
        }
      }
      if (lastError === undefined) throw new ConnectError("no time left", Code.DeadlineExceeded);
      throw new ReplicasExhaustedError(tried.size, lastError);
    },
    async checkHealth(timeoutMs) {
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
