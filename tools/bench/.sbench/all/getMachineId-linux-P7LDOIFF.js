import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  diag
} from "./chunk-PQ5CDIYP.js";
import "./chunk-V4RWK56N.js";

// node_modules/@opentelemetry/otlp-transformer/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-linux.mjs
import { promises } from "fs";
async function getMachineId() {
  for (const path of ["/etc/machine-id", "/var/lib/dbus/machine-id"]) try {
    return (await promises.readFile(path, { encoding: "utf8" })).trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
}
export {
  getMachineId
};
