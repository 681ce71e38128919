import { fileURLToPath } from "node:url";
import type { PlatformService } from "@switchyard/topology";
import { renderFrontProxyConfig } from "./front-proxy-config.js";
import { localPlatformUpstreams } from "./local-platform-upstreams.js";

/** envoy/envoy.yaml in the repository. */
export const checkedInConfigPath: string = fileURLToPath(
  new URL("../../../envoy/envoy.yaml", import.meta.url),
);

/**
 * Where the local platform keeps its dev TLS certificate (see {@link ensureDevCertificate}):
 * `.toolchain/dev-tls/` in the repository, ignored by git.
 */
export const localDevCertificateDir: string = fileURLToPath(
  new URL("../../../.toolchain/dev-tls", import.meta.url),
);

/**
 * Where the local platform keeps its dev mTLS CA and certificates (see
 * {@link ensureDevMtlsMaterial}): `.toolchain/dev-mtls/` in the repository, ignored by git.
 */
export const localDevMtlsDir: string = fileURLToPath(
  new URL("../../../.toolchain/dev-mtls", import.meta.url),
);

/** Replicas per service in the checked-in config (the local platform's default). */
export const defaultLocalReplicas = 2;

/** The local platform's default ports: Envoy plaintext, TLS and admin, and the edge server. */
export const defaultLocalPorts = { plaintext: 8080, tls: 8443, admin: 9901, edge: 50050 } as const;

/**
 * The checked-in config: a header comment and the rendered bootstrap. Certificate paths are
 * relative to the repository root, where `npm start` and the header's command run Envoy.
 */
export function renderCheckedInConfig(services: readonly PlatformService[]): string {
  const header = [
    "# Envoy front proxy for the local platform (default ports, 2 replicas per service).",
    "# Generated from libs/topology by `npm run render -w @switchyard/envoy-config`; do not edit.",
    "# Run from the repository root: envoy -c envoy/envoy.yaml   (npm start does this for you;",
    "# the TLS listener needs the dev certificate in .toolchain/dev-tls, see envoy/README.md)",
    "",
  ].join("\n");
  return (
    header +
    renderFrontProxyConfig({
      services: localPlatformUpstreams(services, defaultLocalReplicas),
      listenerPort: defaultLocalPorts.plaintext,
      adminPort: defaultLocalPorts.admin,
      edge: { host: "127.0.0.1", port: defaultLocalPorts.edge },
      tls: {
        port: defaultLocalPorts.tls,
        certificateChainPath: ".toolchain/dev-tls/localhost.crt",
        privateKeyPath: ".toolchain/dev-tls/localhost.key",
      },
    })
  );
}
