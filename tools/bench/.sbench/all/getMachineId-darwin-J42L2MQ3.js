import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  execAsync
} from "./chunk-FPY5R2AA.js";
import {
  diag
} from "./chunk-PQ5CDIYP.js";
import "./chunk-V4RWK56N.js";

// node_modules/@opentelemetry/sdk-logs/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId-darwin.mjs
async function getMachineId() {
  try {
    const idLine = (await execAsync('ioreg -rd1 -c "IOPlatformExpertDevice"')).stdout.split("\n").find((line) => line.includes("IOPlatformUUID"));
    if (!idLine) return;
    const parts = idLine.split('" = "');
    if (parts.length === 2) return parts[1].slice(0, -1);
  } catch (e) {
    diag.debug(`error reading machine id: ${e}`);
  }
}
export {
  getMachineId
};
