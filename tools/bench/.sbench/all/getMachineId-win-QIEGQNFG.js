import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  execAsync
} from "./chunk-LDQOL4XF.js";
import {
  diag
} from "./chunk-PQ5CDIYP.js";
import "./chunk-V4RWK56N.js";

// node_modules/@opentelemetry/otlp-transformer/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-win.mjs
import * as process from "process";
async function getMachineId() {
  const args = "QUERY HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography /v MachineGuid";
  let command = "%windir%\\System32\\REG.exe";
  if (process.arch === "ia32" && "PROCESSOR_ARCHITEW6432" in process.env) command = "%windir%\\sysnative\\cmd.exe /c " + command;
  try {
    const parts = (await execAsync(`${command} ${args}`)).stdout.split("REG_SZ");
    if (parts.length === 2) return parts[1].trim();
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
}
export {
  getMachineId
};
