// A RuntimeProbeService process for lifecycle tests: `PROBE_STACK=connect-node|grpc-js`,
// configured like any service through the environment, run by runServiceMain.
import { RuntimeProbeService } from "@switchyard/proto/switchyard/testing/v1/runtime_probe";
import { runServiceMain } from "@switchyard/service-runtime";
import { startConnectService } from "@switchyard/connect-runtime";
import { startGrpcJsService } from "@switchyard/grpc-js-runtime";
import { createConnectProbe } from "./probe-connect.js";
import { createGrpcJsProbe } from "./probe-grpc-js.js";

await runServiceMain(() =>
  process.env["PROBE_STACK"] === "grpc-js"
    ? startGrpcJsService({
        name: "probe",
        services: [{ service: RuntimeProbeService, implementation: createGrpcJsProbe() }],
      })
    : startConnectService({
        name: "probe",
        services: [{ service: RuntimeProbeService, implementation: createConnectProbe() }],
      }),
);
