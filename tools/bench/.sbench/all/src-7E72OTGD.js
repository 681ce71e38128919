import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  ServiceConfigError,
  bracketedHost,
  callTraceIds,
  createCallAuthorizer,
  createInFlightCalls,
  createRequestValidator,
  createServiceDrain,
  createServiceLogger,
  effectiveTimeoutMs,
  envInteger,
  envOptionalString,
  envString,
  envValue,
  finalGoawayCapMs,
  finishStartUp,
  gracefulGoaway,
  isPlatformCall,
  loadAuthConfig,
  loadServiceConfig,
  logLevels,
  parseEnvironment,
  parseGrpcTimeoutMs,
  prepareService,
  readTlsKeyPair,
  requestWaitMs,
  runServiceMain,
  runtimeMetricNames,
  servedByHeader,
  shedCallMessage,
  traceIdFromTraceparent,
  trackHttp2Sessions
} from "./chunk-ER222WEJ.js";
import "./chunk-ZL2EGHN2.js";
import "./chunk-CVCHGLIU.js";
import "./chunk-Q4V2KDDM.js";
import "./chunk-XKD263EO.js";
import "./chunk-LD7XTO7C.js";
import "./chunk-2ADPCLTS.js";
import "./chunk-TATA7I22.js";
import "./chunk-PQ5CDIYP.js";
import "./chunk-V4RWK56N.js";
export {
  ServiceConfigError,
  bracketedHost,
  callTraceIds,
  createCallAuthorizer,
  createInFlightCalls,
  createRequestValidator,
  createServiceDrain,
  createServiceLogger,
  effectiveTimeoutMs,
  envInteger,
  envOptionalString,
  envString,
  envValue,
  finalGoawayCapMs,
  finishStartUp,
  gracefulGoaway,
  isPlatformCall,
  loadAuthConfig,
  loadServiceConfig,
  logLevels,
  parseEnvironment,
  parseGrpcTimeoutMs,
  prepareService,
  readTlsKeyPair,
  requestWaitMs,
  runServiceMain,
  runtimeMetricNames,
  servedByHeader,
  shedCallMessage,
  traceIdFromTraceparent,
  trackHttp2Sessions
};
