import { fileURLToPath } from "node:url";
import type { PlatformService } from "@switchyard/topology";
import { renderFrontProxyConfig } from "./front-proxy-config.js";
import { localPlatformUpstreams } from "./local-platform-upstreams.js";

/** envoy/envoy.yaml in the repository. */
export const checkedInConfigPath: string = fileURLToPath(
  new URL("../../../envoy/envoy.yaml", import.meta.url),
);

/** Replicas per service in the checked-in config (the local platform's default). */
export const defaultLocalReplicas = 2;

/** The checked-in config: a header comment and the rendered bootstrap. */
export function renderCheckedInConfig(services: readonly PlatformService[]): string {
  const header = [
    "# Envoy front proxy for the local platform (default ports, 2 replicas per service).",
    "# Generated from libs/topology by `npm run render -w @switchyard/envoy-config`; do not edit.",
    "# Run: envoy -c envoy/envoy.yaml   (npm start does this for you)",
    "",
  ].join("\n");
  return (
    header +
    renderFrontProxyConfig({
      services: localPlatformUpstreams(services, defaultLocalReplicas),
      listenerPort: 8080,
      adminPort: 9901,
    })
  );
}
