/** The server stack a service runs on. */
export type ServiceStack = "connect-node" | "grpc-js";

/**
 * How a client service is told where a dependency is: `urls` is a
 * comma-separated list of base URLs (`http://host:port`; a connect-node client
 * that balances each call over the list), `grpc-target` a grpc-js target
 * (`dns:///host:port` or `ipv4:a:port,b:port`; grpc-js' round_robin policy
 * balances over every address).
 */
export type DependencyAddressForm = "urls" | "grpc-target";

/** One call edge of the topology: the client reads `variable`, in the form `form`, to find `service`. */
export interface DependencyEdge {
  /** The service called (its `name`). */
  readonly service: string;
  /** The client's environment variable, as its config documents it. */
  readonly variable: string;
  readonly form: DependencyAddressForm;
}

/**
 * One deployable service of the platform. Envoy routes, the local platform,
 * compose, CDK and Kustomize are all derived from these entries, so adding a
 * service here is the only place its ports and routes are written down.
 */
export interface PlatformService {
  /** Short name: the app folder under `apps/`, the Envoy cluster, the image name. */
  readonly name: string;
  /** The stack the service's server runs on. */
  readonly stack: ServiceStack;
  /** Container port, and the first replica's port on the local platform. */
  readonly port: number;
  /**
   * Fully-qualified gRPC services the app serves (besides health and
   * reflection). Each becomes a route prefix `/<service>/` in front proxies.
   */
  readonly grpcServices: readonly string[];
  /**
   * The services it calls. Everything that connects services derives from these edges:
   * each deploy target's addresses and network rules, the local platform's and the test
   * topologies' environment, start order, and the Nx project graph.
   */
  readonly dependencies: readonly DependencyEdge[];
  /**
   * Whether the service keeps state in the platform's PostgreSQL (its own schema there),
   * read from {@link databaseUrlVariable}. Who gets the database's address and network
   * path derives from this flag: the local platform, compose, CDK and Kustomize. Default false.
   */
  readonly ownsData?: boolean;
}

/** The variable a service that {@link PlatformService.ownsData} reads its database's URL from. */
export const databaseUrlVariable = "DATABASE_URL";

/** The services of `services` that keep state in the database ({@link PlatformService.ownsData}). */
export function dataOwners<T extends PlatformService>(services: readonly T[]): T[] {
  return services.filter((service) => service.ownsData === true);
}

/** Every service of the platform, in start order (dependencies first: see {@link startOrder}). */
export const platformServices: readonly PlatformService[] = [
  {
    name: "catalog",
    stack: "connect-node",
    port: 50051,
    grpcServices: ["switchyard.catalog.v1.CatalogService"],
    dependencies: [],
    ownsData: true,
  },
  {
    name: "pricing",
    stack: "grpc-js",
    port: 50052,
    grpcServices: ["switchyard.pricing.v1.PricingService"],
    dependencies: [],
  },
  {
    name: "checkout",
    stack: "connect-node",
    port: 50053,
    grpcServices: ["switchyard.checkout.v1.CheckoutService"],
    dependencies: [
      { service: "catalog", variable: "CATALOG_URLS", form: "urls" },
      { service: "pricing", variable: "PRICING_TARGET", form: "grpc-target" },
    ],
    ownsData: true,
  },
];

/** The service named `name`; throws when there is none, naming the known ones. */
export function findPlatformService(name: string): PlatformService {
  const service = platformServices.find((candidate) => candidate.name === name);
  if (service === undefined) {
    const known = platformServices.map((candidate) => candidate.name).join(", ");
    throw new Error(`unknown platform service "${name}" (known: ${known})`);
  }
  return service;
}

/**
 * `services` in waves: each wave holds the services whose every callee is in an earlier
 * wave (an edge to a service not in the list is ignored), so a wave can start in parallel
 * once the previous one serves. Throws on a dependency cycle, naming the services in it.
 */
export function startWaves<T extends PlatformService>(services: readonly T[]): T[][] {
  const waves: T[][] = [];
  const started = new Set<string>();
  const known = new Set(services.map((service) => service.name));
  let pending = [...services];
  while (pending.length > 0) {
    const wave = pending.filter((service) =>
      service.dependencies.every((edge) => !known.has(edge.service) || started.has(edge.service)),
    );
    if (wave.length === 0) {
      throw new Error(`dependency cycle among ${pending.map((service) => service.name).join(", ")}`);
    }
    waves.push(wave);
    for (const service of wave) started.add(service.name);
    pending = pending.filter((service) => !wave.includes(service));
  }
  return waves;
}

/** `services` ordered so that each comes after every service it calls: {@link startWaves}, one after another. */
export function startOrder<T extends PlatformService>(services: readonly T[]): T[] {
  return startWaves(services).flat();
}

/** One address of a dependency: a host (name or IP literal) and a port. */
export interface DependencyEndpoint {
  readonly host: string;
  readonly port: number;
}

const isIpv4 = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
const isIpv6 = (host: string) => host.includes(":");

/** How a caller reaches its dependencies: `h2c` (default) or `tls`, which only `urls` spell out. */
export interface DependencyAddressOptions {
  /** Whether the dependencies serve TLS: `urls` become `https://`; a grpc-target stays as it is. Default false. */
  readonly tls?: boolean;
}

/**
 * The value of a dependency's variable for the replicas at `endpoints`, in the form its
 * client reads: `urls` → `http://a:p,http://b:p` (`https://` with `tls`); `grpc-target` →
 * `ipv4:a:p,b:p` (or `ipv6:[a]:p,...`) for IP literals, `dns:///name:p` for one host name,
 * which grpc-js resolves to every address (its credentials, not the target, say TLS). Every
 * deploy target and local topology builds its addresses here.
 */
export function dependencyAddress(
  form: DependencyAddressForm,
  endpoints: readonly DependencyEndpoint[],
  options: DependencyAddressOptions = {},
): string {
  if (endpoints.length === 0) throw new Error("a dependency needs at least one endpoint");
  const hostPort = ({ host, port }: DependencyEndpoint) => `${isIpv6(host) ? `[${host}]` : host}:${port}`;
  const scheme = options.tls === true ? "https" : "http";
  if (form === "urls") return endpoints.map((endpoint) => `${scheme}://${hostPort(endpoint)}`).join(",");
  if (endpoints.every((endpoint) => isIpv4(endpoint.host)))
    return `ipv4:${endpoints.map(hostPort).join(",")}`;
  if (endpoints.every((endpoint) => isIpv6(endpoint.host)))
    return `ipv6:${endpoints.map(hostPort).join(",")}`;
  const [only, ...others] = endpoints;
  if (only === undefined || others.length > 0) {
    throw new Error("a grpc-target names one host name, or IP literals of one family");
  }
  return `dns:///${hostPort(only)}`;
}

/**
 * The variables that point `service` at its dependencies: for each edge, the edge's
 * variable set to {@link dependencyAddress} of the endpoints `endpointsOf` gives for the
 * service called. An edge whose service has no endpoints (not running here) is left out.
 */
export function dependencyEnvironment(
  service: Pick<PlatformService, "dependencies">,
  endpointsOf: (serviceName: string) => readonly DependencyEndpoint[],
  options: DependencyAddressOptions = {},
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const edge of service.dependencies) {
    const endpoints = endpointsOf(edge.service);
    if (endpoints.length > 0) environment[edge.variable] = dependencyAddress(edge.form, endpoints, options);
  }
  return environment;
}

/** Whether some service of `services` calls `service`. */
export function isCalledBy(
  service: Pick<PlatformService, "name">,
  services: readonly PlatformService[],
): boolean {
  return services.some((candidate) => candidate.dependencies.some((edge) => edge.service === service.name));
}
