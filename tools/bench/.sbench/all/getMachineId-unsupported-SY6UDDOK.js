import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  diag
} from "./chunk-PQ5CDIYP.js";
import "./chunk-V4RWK56N.js";

// node_modules/@opentelemetry/exporter-prometheus/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-unsupported.mjs
async function getMachineId() {
  diag.debug("could not read machine-id: unsupported platform");
}
export {
  getMachineId
};
