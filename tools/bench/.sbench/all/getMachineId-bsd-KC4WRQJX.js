import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  execAsync
} from "./chunk-WY5XAEKS.js";
import {
  diag
} from "./chunk-PQ5CDIYP.js";
import "./chunk-V4RWK56N.js";

// node_modules/@opentelemetry/sdk-node/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-bsd.mjs
import { promises } from "fs";
async function getMachineId() {
  try {
    return (await promises.readFile("/etc/hostid", { encoding: "utf8" })).trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
  try {
    return (await execAsync("kenv -q smbios.system.uuid")).stdout.trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
}
export {
  getMachineId
};
