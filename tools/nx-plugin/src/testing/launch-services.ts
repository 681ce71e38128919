// Run in a workspace (`node --import tsx tools/nx-plugin/src/testing/launch-services.ts <front> <service>...`):
// starts the named services of that workspace's topology, one replica each on free loopback ports,
// with Envoy in front whose health and reflection routes go to <front>; prints
// "envoy listening on 127.0.0.1:<port>" once Envoy found every replica healthy, and stops
// everything on SIGTERM or SIGINT. The generator tests run it in a generated copy of the workspace.
import { frontProxyListenerName, renderFrontProxyConfig } from "@switchyard/envoy-config";
import { launchPlatform } from "@switchyard/launcher";
import { findPlatformService } from "@switchyard/topology";

const [front, ...names] = process.argv.slice(2);
if (front === undefined || names.length === 0) {
  throw new Error("usage: launch-services.ts <service answering health and reflection> <service>...");
}
const platform = await launchPlatform({
  services: names.map((name) => findPlatformService(name)),
  replicasOf: () => 1,
  replicaEnv: () => ({ DRAIN_DELAY_MS: "0" }),
  startTimeoutMs: 60_000,
  frontProxy: {
    renderConfig: (upstreams) =>
      renderFrontProxyConfig({ services: upstreams, listenerPort: 0, adminPort: 0, platformCluster: front }),
  },
});
const stop = (): void => {
  void platform.stop(2000).then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
console.log(`envoy listening on 127.0.0.1:${platform.envoy?.listenerPort(frontProxyListenerName) ?? 0}`);
