import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// node_modules/@opentelemetry/otlp-transformer/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/execAsync.mjs
import * as child_process from "child_process";
import * as util from "util";
var execAsync = util.promisify(child_process.exec);

export {
  execAsync
};
