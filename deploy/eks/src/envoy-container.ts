import { envoyAdminPort, envoyImage, envoyImageUserId } from "@switchyard/deploy-settings";
import { frontProxyContainerMemoryMiB } from "@switchyard/envoy-config";
import { restrictedContainerSecurityContext } from "./kubernetes-manifests.js";

/** {@link envoyImage} without its tag: the name a kustomization's `images` entry matches. */
export const envoyImageRepository = envoyImage.slice(0, envoyImage.lastIndexOf(":"));

/**
 * The digest kustomizations pin {@link envoyImage} to, so a re-pushed tag can never
 * change what runs. It must be the digest of that tag's image index, read where
 * the registry answers (`crane digest public.ecr.aws/envoyproxy/envoy:v1.40.0`);
 * until it is set, the reference fails to pull instead of running an unpinned image.
 */
export const envoyImageDigest = "sha256:set-to-the-digest-of-envoy-v1.40.0";

/** Envoy's listener port inside the pod (h2c gRPC, HTTP/1.1 gRPC-Web and Connect). */
export const envoyListenerPort = 8080;

/** Envoy's admin port (see the deploy settings), on the pod's loopback: reachable from the preStop hook, never from the network. */
export { envoyAdminPort };

/** The container variable holding the drain time: Envoy's `--drain-time-s` and the preStop hold read it. */
export const envoyDrainVariable = "ENVOY_DRAIN_SECONDS";

/** Options for {@link envoyPreStopScript}. */
export interface EnvoyPreStopOptions {
  /** Envoy's admin port on the pod's loopback. Default {@link envoyAdminPort}. */
  readonly adminPort?: number;
  /**
   * First make Envoy fail its load balancer's health checks (`POST /healthcheck/fail`), for an
   * Envoy whose load balancer checks it over HTTP. Default false.
   */
  readonly failHealthChecks?: boolean;
}

/** One admin `POST` over bash's /dev/tcp (the image has no curl), failing the hook unless Envoy answers 200. */
function adminPost(adminPort: number, path: string): string[] {
  return [
    `exec 3<>/dev/tcp/127.0.0.1/${adminPort} || exit 1`,
    `printf 'POST ${path} HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n' >&3`,
    "read -r status <&3",
    `case "$status" in "HTTP/1.1 200"*) ;; *) echo "${path}: $status" >&2; exit 1 ;; esac`,
    "exec 3>&-",
  ];
}

/**
 * The Envoy container's preStop hook (bash, which the Ubuntu-based Envoy image
 * ships; the distroless variant has no shell): it starts a graceful drain
 * through the loopback admin (`POST /drain_listeners?graceful&skip_exit`; the
 * image has no curl, so bash's /dev/tcp speaks the one HTTP/1.1 request), fails
 * when Envoy does not confirm it, and then holds for the drain time. Meanwhile
 * Envoy keeps accepting connections its load balancer still sends and closes each
 * one gracefully after a request (`--drain-strategy immediate`: GOAWAY on HTTP/2,
 * `Connection: close` on HTTP/1.1), so clients reconnect to another Envoy;
 * `skip_exit` keeps Envoy up until the SIGTERM that follows the hook, so the
 * kubelet, not a timer inside Envoy, decides when it ends.
 */
export function envoyPreStopScript(options: EnvoyPreStopOptions = {}): string {
  const adminPort = options.adminPort ?? envoyAdminPort;
  return [
    ...(options.failHealthChecks === true ? adminPost(adminPort, "/healthcheck/fail") : []),
    ...adminPost(adminPort, "/drain_listeners?graceful&skip_exit").slice(0, -1),
    `sleep "$${envoyDrainVariable}"`,
  ].join("\n");
}

/** Options for {@link renderEnvoyContainer}. */
export interface EnvoyContainerOptions {
  /** Seconds the preStop hook drains (Envoy's `--drain-time-s`). */
  readonly drainSeconds: number;
  /** When the pod takes traffic. */
  readonly readinessProbe: Record<string, unknown>;
  /** The preStop hook's options. Default: drain only. */
  readonly preStop?: EnvoyPreStopOptions;
}

/**
 * Envoy's container: {@link envoyImage} as its unprivileged user with a read-only root file
 * system, the configuration from the ConfigMap mounted at `/etc/envoy` (volume `config`),
 * a drain on preStop ({@link envoyPreStopScript}) of `drainSeconds`, and liveness on the
 * listener accepting TCP (Envoy's admin, with `/ready`, listens on loopback only).
 */
export function renderEnvoyContainer(options: EnvoyContainerOptions): Record<string, unknown> {
  return {
    name: "envoy",
    image: envoyImage,
    imagePullPolicy: "Always",
    args: [
      "-c",
      "/etc/envoy/envoy.yaml",
      "--log-level",
      "warn",
      "--disable-hot-restart",
      // The graceful drain the preStop hook starts lasts this long ...
      "--drain-time-s",
      `$(${envoyDrainVariable})`,
      // ... and closes every connection at its next request instead of ramping up over the
      // drain time: clients should leave as soon as the load balancer can place them elsewhere.
      "--drain-strategy",
      "immediate",
    ],
    env: [{ name: envoyDrainVariable, value: String(options.drainSeconds) }],
    ports: [{ name: "http", containerPort: envoyListenerPort, protocol: "TCP" }],
    // Memory above the overload manager's heap bound, so Envoy sheds load before it is OOM-killed.
    resources: {
      requests: { cpu: "250m", memory: `${frontProxyContainerMemoryMiB}Mi` },
      limits: { cpu: "1000m", memory: `${frontProxyContainerMemoryMiB}Mi` },
    },
    readinessProbe: options.readinessProbe,
    livenessProbe: { tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 6 },
    // Drain, not just wait: SIGTERM alone closes Envoy's listeners and connections at once.
    lifecycle: {
      preStop: { exec: { command: ["/bin/bash", "-c", envoyPreStopScript(options.preStop)] } },
    },
    securityContext: restrictedContainerSecurityContext(envoyImageUserId),
    volumeMounts: [
      { name: "config", mountPath: "/etc/envoy", readOnly: true },
      { name: "tmp", mountPath: "/tmp" },
    ],
  };
}
