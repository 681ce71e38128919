import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  file_switchyard_testing_v1_echo_service
} from "./chunk-ZWAUZSEP.js";
import {
  addBufServiceToGrpcJsServer
} from "./chunk-Q3SKMBAW.js";

// libs/service-runtime/src/service-config.ts
import { hostname } from "node:os";
import { z as z2 } from "zod";

// libs/service-runtime/src/env-schema.ts
import { z } from "zod";
var ServiceConfigError = class extends Error {
  /** Names of the environment variables that are invalid. */
  variables;
  constructor(problems) {
    super(
      `invalid service configuration: ${problems.map((problem) => `${problem.variable}: ${problem.message}`).join("; ")}`
    );
    this.name = "ServiceConfigError";
    this.variables = problems.map((problem) => problem.variable);
  }
};
var unset = (value) => value === "" ? void 0 : value;
function envValue(schema) {
  return z.preprocess(unset, schema);
}
function envInteger(min, max, fallback) {
  return envValue(
    z.string().regex(/^\d+$/, { error: `must be a whole number from ${min} to ${max}` }).transform(Number).pipe(
      z.number().min(min, { error: `must be at least ${min}` }).max(max, { error: `must be at most ${max}` })
    ).default(fallback)
  );
}
function envString(fallback) {
  return envValue(z.string().default(fallback));
}
function envOptionalString() {
  return envValue(z.string().optional());
}
function parseEnvironment(schema, env) {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ServiceConfigError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? "environment");
      const got = env[variable];
      return { variable, message: got === void 0 ? issue.message : `${issue.message} (got "${got}")` };
    })
  );
}

// libs/service-runtime/src/service-config.ts
var logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
var maxMs = 24 * 60 * 60 * 1e3;
var maxMessageBytes = 2 ** 31 - 1;
var envSchema = z2.object({
  PORT: envInteger(0, 65535, 50051),
  HOST: envString("0.0.0.0"),
  TLS_CERT_FILE: envOptionalString(),
  TLS_KEY_FILE: envOptionalString(),
  DRAIN_DELAY_MS: envInteger(0, maxMs, 1e4),
  DRAIN_GRACE_MS: envInteger(0, maxMs, 15e3),
  MAX_CONNECTION_AGE_MS: envInteger(0, maxMs, 3e5),
  MAX_CONNECTION_AGE_GRACE_MS: envInteger(0, maxMs, 3e4),
  IDLE_TIMEOUT_MS: envInteger(0, maxMs, 12e4),
  MAX_RECEIVE_MESSAGE_BYTES: envInteger(1, maxMessageBytes, 4 * 1024 * 1024),
  MAX_SEND_MESSAGE_BYTES: envInteger(1, maxMessageBytes, 4 * 1024 * 1024),
  MAX_CONCURRENT_STREAMS: envInteger(1, 2 ** 31 - 1, 100),
  MAX_IN_FLIGHT_CALLS: envInteger(0, 1e6, 1e3),
  DEFAULT_DEADLINE_MS: envInteger(1, maxMs, 3e4),
  MAX_DEADLINE_MS: envInteger(1, maxMs, 6e4),
  LOG_LEVEL: envValue(
    z2.enum(logLevels, { error: `must be one of ${logLevels.join(", ")}` }).default("info")
  ),
  INSTANCE_ID: envString(`${hostname()}-${process.pid}`)
}).superRefine((env, context4) => {
  if (env.TLS_CERT_FILE === void 0 !== (env.TLS_KEY_FILE === void 0)) {
    const missing = env.TLS_CERT_FILE === void 0 ? "TLS_CERT_FILE" : "TLS_KEY_FILE";
    context4.addIssue({
      code: "custom",
      path: [missing],
      message: "TLS_CERT_FILE and TLS_KEY_FILE go together"
    });
  }
  if (env.DEFAULT_DEADLINE_MS > env.MAX_DEADLINE_MS) {
    context4.addIssue({
      code: "custom",
      path: ["DEFAULT_DEADLINE_MS"],
      message: `must not exceed MAX_DEADLINE_MS (${env.MAX_DEADLINE_MS})`
    });
  }
});
function loadServiceConfig(env = process.env) {
  const parsed = parseEnvironment(envSchema, env);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    tls: parsed.TLS_CERT_FILE !== void 0 && parsed.TLS_KEY_FILE !== void 0 ? { certFile: parsed.TLS_CERT_FILE, keyFile: parsed.TLS_KEY_FILE } : void 0,
    drainDelayMs: parsed.DRAIN_DELAY_MS,
    drainGraceMs: parsed.DRAIN_GRACE_MS,
    maxConnectionAgeMs: parsed.MAX_CONNECTION_AGE_MS,
    maxConnectionAgeGraceMs: parsed.MAX_CONNECTION_AGE_GRACE_MS,
    idleTimeoutMs: parsed.IDLE_TIMEOUT_MS,
    maxReceiveMessageBytes: parsed.MAX_RECEIVE_MESSAGE_BYTES,
    maxSendMessageBytes: parsed.MAX_SEND_MESSAGE_BYTES,
    maxConcurrentStreams: parsed.MAX_CONCURRENT_STREAMS,
    maxInFlightCalls: parsed.MAX_IN_FLIGHT_CALLS,
    defaultDeadlineMs: parsed.DEFAULT_DEADLINE_MS,
    maxDeadlineMs: parsed.MAX_DEADLINE_MS,
    logLevel: parsed.LOG_LEVEL,
    instanceId: parsed.INSTANCE_ID
  };
}

// libs/service-runtime/src/call-auth.ts
import { trace } from "@opentelemetry/api";

// libs/auth/src/method-policy.ts
import { getOption, hasOption } from "@bufbuild/protobuf";

// libs/proto/src/proto-registry.ts
import { create, createFileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";

// libs/proto/src/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts
import { fileDesc as fileDesc4, messageDesc as messageDesc4, serviceDesc } from "@bufbuild/protobuf/codegenv2";

// libs/proto/src/gen/opentelemetry/proto/trace/v1/trace_pb.ts
import { enumDesc, fileDesc as fileDesc3, messageDesc as messageDesc3 } from "@bufbuild/protobuf/codegenv2";

// libs/proto/src/gen/opentelemetry/proto/common/v1/common_pb.ts
import { fileDesc, messageDesc } from "@bufbuild/protobuf/codegenv2";
var file_opentelemetry_proto_common_v1_common = /* @__PURE__ */ fileDesc("CipvcGVudGVsZW1ldHJ5L3Byb3RvL2NvbW1vbi92MS9jb21tb24ucHJvdG8SHW9wZW50ZWxlbWV0cnkucHJvdG8uY29tbW9uLnYxIowCCghBbnlWYWx1ZRIWCgxzdHJpbmdfdmFsdWUYASABKAlIABIUCgpib29sX3ZhbHVlGAIgASgISAASEwoJaW50X3ZhbHVlGAMgASgDSAASFgoMZG91YmxlX3ZhbHVlGAQgASgBSAASQAoLYXJyYXlfdmFsdWUYBSABKAsyKS5vcGVudGVsZW1ldHJ5LnByb3RvLmNvbW1vbi52MS5BcnJheVZhbHVlSAASQwoMa3ZsaXN0X3ZhbHVlGAYgASgLMisub3BlbnRlbGVtZXRyeS5wcm90by5jb21tb24udjEuS2V5VmFsdWVMaXN0SAASFQoLYnl0ZXNfdmFsdWUYByABKAxIAEIHCgV2YWx1ZSJFCgpBcnJheVZhbHVlEjcKBnZhbHVlcxgBIAMoCzInLm9wZW50ZWxlbWV0cnkucHJvdG8uY29tbW9uLnYxLkFueVZhbHVlIkcKDEtleVZhbHVlTGlzdBI3CgZ2YWx1ZXMYASADKAsyJy5vcGVudGVsZW1ldHJ5LnByb3RvLmNvbW1vbi52MS5LZXlWYWx1ZSJPCghLZXlWYWx1ZRILCgNrZXkYASABKAkSNgoFdmFsdWUYAiABKAsyJy5vcGVudGVsZW1ldHJ5LnByb3RvLmNvbW1vbi52MS5BbnlWYWx1ZSKUAQoUSW5zdHJ1bWVudGF0aW9uU2NvcGUSDAoEbmFtZRgBIAEoCRIPCgd2ZXJzaW9uGAIgASgJEjsKCmF0dHJpYnV0ZXMYAyADKAsyJy5vcGVudGVsZW1ldHJ5LnByb3RvLmNvbW1vbi52MS5LZXlWYWx1ZRIgChhkcm9wcGVkX2F0dHJpYnV0ZXNfY291bnQYBCABKA1iBnByb3RvMw");

// libs/proto/src/gen/opentelemetry/proto/resource/v1/resource_pb.ts
import { fileDesc as fileDesc2, messageDesc as messageDesc2 } from "@bufbuild/protobuf/codegenv2";
var file_opentelemetry_proto_resource_v1_resource = /* @__PURE__ */ fileDesc2("Ci5vcGVudGVsZW1ldHJ5L3Byb3RvL3Jlc291cmNlL3YxL3Jlc291cmNlLnByb3RvEh9vcGVudGVsZW1ldHJ5LnByb3RvLnJlc291cmNlLnYxImkKCFJlc291cmNlEjsKCmF0dHJpYnV0ZXMYASADKAsyJy5vcGVudGVsZW1ldHJ5LnByb3RvLmNvbW1vbi52MS5LZXlWYWx1ZRIgChhkcm9wcGVkX2F0dHJpYnV0ZXNfY291bnQYAiABKA1iBnByb3RvMw", [file_opentelemetry_proto_common_v1_common]);

// libs/proto/src/gen/opentelemetry/proto/trace/v1/trace_pb.ts
var file_opentelemetry_proto_trace_v1_trace = /* @__PURE__ */ fileDesc3("CihvcGVudGVsZW1ldHJ5L3Byb3RvL3RyYWNlL3YxL3RyYWNlLnByb3RvEhxvcGVudGVsZW1ldHJ5LnByb3RvLnRyYWNlLnYxIp8BCg1SZXNvdXJjZVNwYW5zEjsKCHJlc291cmNlGAEgASgLMikub3BlbnRlbGVtZXRyeS5wcm90by5yZXNvdXJjZS52MS5SZXNvdXJjZRI9CgtzY29wZV9zcGFucxgCIAMoCzIoLm9wZW50ZWxlbWV0cnkucHJvdG8udHJhY2UudjEuU2NvcGVTcGFucxISCgpzY2hlbWFfdXJsGAMgASgJIpcBCgpTY29wZVNwYW5zEkIKBXNjb3BlGAEgASgLMjMub3BlbnRlbGVtZXRyeS5wcm90by5jb21tb24udjEuSW5zdHJ1bWVudGF0aW9uU2NvcGUSMQoFc3BhbnMYAiADKAsyIi5vcGVudGVsZW1ldHJ5LnByb3RvLnRyYWNlLnYxLlNwYW4SEgoKc2NoZW1hX3VybBgDIAEoCSKZBAoEU3BhbhIQCgh0cmFjZV9pZBgBIAEoDBIPCgdzcGFuX2lkGAIgASgMEhMKC3RyYWNlX3N0YXRlGAMgASgJEhYKDnBhcmVudF9zcGFuX2lkGAQgASgMEgwKBG5hbWUYBSABKAkSOQoEa2luZBgGIAEoDjIrLm9wZW50ZWxlbWV0cnkucHJvdG8udHJhY2UudjEuU3Bhbi5TcGFuS2luZBIcChRzdGFydF90aW1lX3VuaXhfbmFubxgHIAEoBhIaChJlbmRfdGltZV91bml4X25hbm8YCCABKAYSOwoKYXR0cmlidXRlcxgJIAMoCzInLm9wZW50ZWxlbWV0cnkucHJvdG8uY29tbW9uLnYxLktleVZhbHVlEiAKGGRyb3BwZWRfYXR0cmlidXRlc19jb3VudBgKIAEoDRI0CgZzdGF0dXMYDyABKAsyJC5vcGVudGVsZW1ldHJ5LnByb3RvLnRyYWNlLnYxLlN0YXR1cxINCgVmbGFncxgQIAEoByKZAQoIU3BhbktpbmQSGQoVU1BBTl9LSU5EX1VOU1BFQ0lGSUVEEAASFgoSU1BBTl9LSU5EX0lOVEVSTkFMEAESFAoQU1BBTl9LSU5EX1NFUlZFUhACEhQKEFNQQU5fS0lORF9DTElFTlQQAxIWChJTUEFOX0tJTkRfUFJPRFVDRVIQBBIWChJTUEFOX0tJTkRfQ09OU1VNRVIQBSKuAQoGU3RhdHVzEg8KB21lc3NhZ2UYAiABKAkSPQoEY29kZRgDIAEoDjIvLm9wZW50ZWxlbWV0cnkucHJvdG8udHJhY2UudjEuU3RhdHVzLlN0YXR1c0NvZGUiTgoKU3RhdHVzQ29kZRIVChFTVEFUVVNfQ09ERV9VTlNFVBAAEhIKDlNUQVRVU19DT0RFX09LEAESFQoRU1RBVFVTX0NPREVfRVJST1IQAkoECAEQAmIGcHJvdG8z", [file_opentelemetry_proto_common_v1_common, file_opentelemetry_proto_resource_v1_resource]);

// libs/proto/src/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts
var file_opentelemetry_proto_collector_trace_v1_trace_service = /* @__PURE__ */ fileDesc4("CjpvcGVudGVsZW1ldHJ5L3Byb3RvL2NvbGxlY3Rvci90cmFjZS92MS90cmFjZV9zZXJ2aWNlLnByb3RvEiZvcGVudGVsZW1ldHJ5LnByb3RvLmNvbGxlY3Rvci50cmFjZS52MSJgChlFeHBvcnRUcmFjZVNlcnZpY2VSZXF1ZXN0EkMKDnJlc291cmNlX3NwYW5zGAEgAygLMisub3BlbnRlbGVtZXRyeS5wcm90by50cmFjZS52MS5SZXNvdXJjZVNwYW5zIhwKGkV4cG9ydFRyYWNlU2VydmljZVJlc3BvbnNlMqABCgxUcmFjZVNlcnZpY2USjwEKBkV4cG9ydBJBLm9wZW50ZWxlbWV0cnkucHJvdG8uY29sbGVjdG9yLnRyYWNlLnYxLkV4cG9ydFRyYWNlU2VydmljZVJlcXVlc3QaQi5vcGVudGVsZW1ldHJ5LnByb3RvLmNvbGxlY3Rvci50cmFjZS52MS5FeHBvcnRUcmFjZVNlcnZpY2VSZXNwb25zZWIGcHJvdG8z", [file_opentelemetry_proto_trace_v1_trace]);

// libs/proto/src/gen/buf/validate/validate_pb.ts
import { enumDesc as enumDesc2, extDesc, fileDesc as fileDesc5, messageDesc as messageDesc5 } from "@bufbuild/protobuf/codegenv2";
import { file_google_protobuf_descriptor } from "@bufbuild/protobuf/wkt";
var file_buf_validate_validate = /* @__PURE__ */ fileDesc5("ChtidWYvdmFsaWRhdGUvdmFsaWRhdGUucHJvdG8SDGJ1Zi52YWxpZGF0ZSI3CgRSdWxlEgoKAmlkGAEgASgJEg8KB21lc3NhZ2UYAiABKAkSEgoKZXhwcmVzc2lvbhgDIAEoCSIvCgxNZXNzYWdlUnVsZXMSHwoDY2VsGAMgAygLMhIuYnVmLnZhbGlkYXRlLlJ1bGUiHgoKT25lb2ZSdWxlcxIQCghyZXF1aXJlZBgBIAEoCCL3BAoKRmllbGRSdWxlcxIfCgNjZWwYFyADKAsyEi5idWYudmFsaWRhdGUuUnVsZRIQCghyZXF1aXJlZBgZIAEoCBIkCgZpZ25vcmUYGyABKA4yFC5idWYudmFsaWRhdGUuSWdub3JlEikKBWZsb2F0GAEgASgLMhguYnVmLnZhbGlkYXRlLkZsb2F0UnVsZXNIABIrCgZkb3VibGUYAiABKAsyGS5idWYudmFsaWRhdGUuRG91YmxlUnVsZXNIABIpCgVpbnQzMhgDIAEoCzIYLmJ1Zi52YWxpZGF0ZS5JbnQzMlJ1bGVzSAASKQoFaW50NjQYBCABKAsyGC5idWYudmFsaWRhdGUuSW50NjRSdWxlc0gAEisKBnVpbnQzMhgFIAEoCzIZLmJ1Zi52YWxpZGF0ZS5VSW50MzJSdWxlc0gAEisKBnVpbnQ2NBgGIAEoCzIZLmJ1Zi52YWxpZGF0ZS5VSW50NjRSdWxlc0gAEicKBGJvb2wYDSABKAsyFy5idWYudmFsaWRhdGUuQm9vbFJ1bGVzSAASKwoGc3RyaW5nGA4gASgLMhkuYnVmLnZhbGlkYXRlLlN0cmluZ1J1bGVzSAASKQoFYnl0ZXMYDyABKAsyGC5idWYudmFsaWRhdGUuQnl0ZXNSdWxlc0gAEicKBGVudW0YECABKAsyFy5idWYudmFsaWRhdGUuRW51bVJ1bGVzSAASLwoIcmVwZWF0ZWQYEiABKAsyGy5idWYudmFsaWRhdGUuUmVwZWF0ZWRSdWxlc0gAEiUKA21hcBgTIAEoCzIWLmJ1Zi52YWxpZGF0ZS5NYXBSdWxlc0gAQgYKBHR5cGUingEKCkZsb2F0UnVsZXMSDQoFY29uc3QYASABKAISDAoCbHQYAiABKAJIABINCgNsdGUYAyABKAJIABIMCgJndBgEIAEoAkgBEg0KA2d0ZRgFIAEoAkgBEgoKAmluGAYgAygCEg4KBm5vdF9pbhgHIAMoAhIOCgZmaW5pdGUYCCABKAhCCwoJbGVzc190aGFuQg4KDGdyZWF0ZXJfdGhhbiKfAQoLRG91YmxlUnVsZXMSDQoFY29uc3QYASABKAESDAoCbHQYAiABKAFIABINCgNsdGUYAyABKAFIABIMCgJndBgEIAEoAUgBEg0KA2d0ZRgFIAEoAUgBEgoKAmluGAYgAygBEg4KBm5vdF9pbhgHIAMoARIOCgZmaW5pdGUYCCABKAhCCwoJbGVzc190aGFuQg4KDGdyZWF0ZXJfdGhhbiKOAQoKSW50MzJSdWxlcxINCgVjb25zdBgBIAEoBRIMCgJsdBgCIAEoBUgAEg0KA2x0ZRgDIAEoBUgAEgwKAmd0GAQgASgFSAESDQoDZ3RlGAUgASgFSAESCgoCaW4YBiADKAUSDgoGbm90X2luGAcgAygFQgsKCWxlc3NfdGhhbkIOCgxncmVhdGVyX3RoYW4ijgEKCkludDY0UnVsZXMSDQoFY29uc3QYASABKAMSDAoCbHQYAiABKANIABINCgNsdGUYAyABKANIABIMCgJndBgEIAEoA0gBEg0KA2d0ZRgFIAEoA0gBEgoKAmluGAYgAygDEg4KBm5vdF9pbhgHIAMoA0ILCglsZXNzX3RoYW5CDgoMZ3JlYXRlcl90aGFuIo8BCgtVSW50MzJSdWxlcxINCgVjb25zdBgBIAEoDRIMCgJsdBgCIAEoDUgAEg0KA2x0ZRgDIAEoDUgAEgwKAmd0GAQgASgNSAESDQoDZ3RlGAUgASgNSAESCgoCaW4YBiADKA0SDgoGbm90X2luGAcgAygNQgsKCWxlc3NfdGhhbkIOCgxncmVhdGVyX3RoYW4ijwEKC1VJbnQ2NFJ1bGVzEg0KBWNvbnN0GAEgASgEEgwKAmx0GAIgASgESAASDQoDbHRlGAMgASgESAASDAoCZ3QYBCABKARIARINCgNndGUYBSABKARIARIKCgJpbhgGIAMoBBIOCgZub3RfaW4YByADKARCCwoJbGVzc190aGFuQg4KDGdyZWF0ZXJfdGhhbiIaCglCb29sUnVsZXMSDQoFY29uc3QYASABKAgi2QMKC1N0cmluZ1J1bGVzEg0KBWNvbnN0GAEgASgJEgsKA2xlbhgTIAEoBBIPCgdtaW5fbGVuGAIgASgEEg8KB21heF9sZW4YAyABKAQSEQoJbGVuX2J5dGVzGBQgASgEEhEKCW1pbl9ieXRlcxgEIAEoBBIRCgltYXhfYnl0ZXMYBSABKAQSDwoHcGF0dGVybhgGIAEoCRIOCgZwcmVmaXgYByABKAkSDgoGc3VmZml4GAggASgJEhAKCGNvbnRhaW5zGAkgASgJEhQKDG5vdF9jb250YWlucxgXIAEoCRIKCgJpbhgKIAMoCRIOCgZub3RfaW4YCyADKAkSDwoFZW1haWwYDCABKAhIABISCghob3N0bmFtZRgNIAEoCEgAEgwKAmlwGA4gASgISAASDgoEaXB2NBgPIAEoCEgAEg4KBGlwdjYYECABKAhIABINCgN1cmkYESABKAhIABIRCgd1cmlfcmVmGBIgASgISAASEQoHYWRkcmVzcxgVIAEoCEgAEg4KBHV1aWQYFiABKAhIABIPCgV0dXVpZBghIAEoCEgAEhcKDWhvc3RfYW5kX3BvcnQYICABKAhIABIOCgR1bGlkGCMgASgISABCDAoKd2VsbF9rbm93biKpAQoKQnl0ZXNSdWxlcxINCgVjb25zdBgBIAEoDBILCgNsZW4YDSABKAQSDwoHbWluX2xlbhgCIAEoBBIPCgdtYXhfbGVuGAMgASgEEg8KB3BhdHRlcm4YBCABKAkSDgoGcHJlZml4GAUgASgMEg4KBnN1ZmZpeBgGIAEoDBIQCghjb250YWlucxgHIAEoDBIKCgJpbhgIIAMoDBIOCgZub3RfaW4YCSADKAwiTAoJRW51bVJ1bGVzEg0KBWNvbnN0GAEgASgFEhQKDGRlZmluZWRfb25seRgCIAEoCBIKCgJpbhgDIAMoBRIOCgZub3RfaW4YBCADKAUibgoNUmVwZWF0ZWRSdWxlcxIRCgltaW5faXRlbXMYASABKAQSEQoJbWF4X2l0ZW1zGAIgASgEEg4KBnVuaXF1ZRgDIAEoCBInCgVpdGVtcxgEIAEoCzIYLmJ1Zi52YWxpZGF0ZS5GaWVsZFJ1bGVzIoIBCghNYXBSdWxlcxIRCgltaW5fcGFpcnMYASABKAQSEQoJbWF4X3BhaXJzGAIgASgEEiYKBGtleXMYBCABKAsyGC5idWYudmFsaWRhdGUuRmllbGRSdWxlcxIoCgZ2YWx1ZXMYBSABKAsyGC5idWYudmFsaWRhdGUuRmllbGRSdWxlcypNCgZJZ25vcmUSFgoSSUdOT1JFX1VOU1BFQ0lGSUVEEAASGAoUSUdOT1JFX0lGX1pFUk9fVkFMVUUQARIRCg1JR05PUkVfQUxXQVlTEAM6VgoHbWVzc2FnZRIfLmdvb2dsZS5wcm90b2J1Zi5NZXNzYWdlT3B0aW9ucxiHCSABKAsyGi5idWYudmFsaWRhdGUuTWVzc2FnZVJ1bGVzUgdtZXNzYWdlOk4KBW9uZW9mEh0uZ29vZ2xlLnByb3RvYnVmLk9uZW9mT3B0aW9ucxiHCSABKAsyGC5idWYudmFsaWRhdGUuT25lb2ZSdWxlc1IFb25lb2Y6TgoFZmllbGQSHS5nb29nbGUucHJvdG9idWYuRmllbGRPcHRpb25zGIcJIAEoCzIYLmJ1Zi52YWxpZGF0ZS5GaWVsZFJ1bGVzUgVmaWVsZEJuChJidWlsZC5idWYudmFsaWRhdGVCDVZhbGlkYXRlUHJvdG9QAVpHYnVmLmJ1aWxkL2dlbi9nby9idWZidWlsZC9wcm90b3ZhbGlkYXRlL3Byb3RvY29sYnVmZmVycy9nby9idWYvdmFsaWRhdGU", [file_google_protobuf_descriptor]);

// libs/proto/src/gen/google/rpc/error_details_pb.ts
import { fileDesc as fileDesc6, messageDesc as messageDesc6 } from "@bufbuild/protobuf/codegenv2";
import { file_google_protobuf_duration } from "@bufbuild/protobuf/wkt";
var file_google_rpc_error_details = /* @__PURE__ */ fileDesc6("Ch5nb29nbGUvcnBjL2Vycm9yX2RldGFpbHMucHJvdG8SCmdvb2dsZS5ycGMikwEKCUVycm9ySW5mbxIOCgZyZWFzb24YASABKAkSDgoGZG9tYWluGAIgASgJEjUKCG1ldGFkYXRhGAMgAygLMiMuZ29vZ2xlLnJwYy5FcnJvckluZm8uTWV0YWRhdGFFbnRyeRovCg1NZXRhZGF0YUVudHJ5EgsKA2tleRgBIAEoCRINCgV2YWx1ZRgCIAEoCToCOAEiOwoJUmV0cnlJbmZvEi4KC3JldHJ5X2RlbGF5GAEgASgLMhkuZ29vZ2xlLnByb3RvYnVmLkR1cmF0aW9uIjIKCURlYnVnSW5mbxIVCg1zdGFja19lbnRyaWVzGAEgAygJEg4KBmRldGFpbBgCIAEoCSJ5CgxRdW90YUZhaWx1cmUSNgoKdmlvbGF0aW9ucxgBIAMoCzIiLmdvb2dsZS5ycGMuUXVvdGFGYWlsdXJlLlZpb2xhdGlvbhoxCglWaW9sYXRpb24SDwoHc3ViamVjdBgBIAEoCRITCgtkZXNjcmlwdGlvbhgCIAEoCSKVAQoTUHJlY29uZGl0aW9uRmFpbHVyZRI9Cgp2aW9sYXRpb25zGAEgAygLMikuZ29vZ2xlLnJwYy5QcmVjb25kaXRpb25GYWlsdXJlLlZpb2xhdGlvbho/CglWaW9sYXRpb24SDAoEdHlwZRgBIAEoCRIPCgdzdWJqZWN0GAIgASgJEhMKC2Rlc2NyaXB0aW9uGAMgASgJIswBCgpCYWRSZXF1ZXN0Ej8KEGZpZWxkX3Zpb2xhdGlvbnMYASADKAsyJS5nb29nbGUucnBjLkJhZFJlcXVlc3QuRmllbGRWaW9sYXRpb24afQoORmllbGRWaW9sYXRpb24SDQoFZmllbGQYASABKAkSEwoLZGVzY3JpcHRpb24YAiABKAkSDgoGcmVhc29uGAMgASgJEjcKEWxvY2FsaXplZF9tZXNzYWdlGAQgASgLMhwuZ29vZ2xlLnJwYy5Mb2NhbGl6ZWRNZXNzYWdlIjcKC1JlcXVlc3RJbmZvEhIKCnJlcXVlc3RfaWQYASABKAkSFAoMc2VydmluZ19kYXRhGAIgASgJImAKDFJlc291cmNlSW5mbxIVCg1yZXNvdXJjZV90eXBlGAEgASgJEhUKDXJlc291cmNlX25hbWUYAiABKAkSDQoFb3duZXIYAyABKAkSEwoLZGVzY3JpcHRpb24YBCABKAkiVgoESGVscBIkCgVsaW5rcxgBIAMoCzIVLmdvb2dsZS5ycGMuSGVscC5MaW5rGigKBExpbmsSEwoLZGVzY3JpcHRpb24YASABKAkSCwoDdXJsGAIgASgJIjMKEExvY2FsaXplZE1lc3NhZ2USDgoGbG9jYWxlGAEgASgJEg8KB21lc3NhZ2UYAiABKAlCZgoOY29tLmdvb2dsZS5ycGNCEUVycm9yRGV0YWlsc1Byb3RvUAFaP2dvb2dsZS5nb2xhbmcub3JnL2dlbnByb3RvL2dvb2dsZWFwaXMvcnBjL2VycmRldGFpbHM7ZXJyZGV0YWlsc2IGcHJvdG8z", [file_google_protobuf_duration]);
var ErrorInfoSchema = /* @__PURE__ */ messageDesc6(file_google_rpc_error_details, 0);
var BadRequestSchema = /* @__PURE__ */ messageDesc6(file_google_rpc_error_details, 5);

// libs/proto/src/gen/google/rpc/status_pb.ts
import { fileDesc as fileDesc7, messageDesc as messageDesc7 } from "@bufbuild/protobuf/codegenv2";
import { file_google_protobuf_any } from "@bufbuild/protobuf/wkt";
var file_google_rpc_status = /* @__PURE__ */ fileDesc7("Chdnb29nbGUvcnBjL3N0YXR1cy5wcm90bxIKZ29vZ2xlLnJwYyJOCgZTdGF0dXMSDAoEY29kZRgBIAEoBRIPCgdtZXNzYWdlGAIgASgJEiUKB2RldGFpbHMYAyADKAsyFC5nb29nbGUucHJvdG9idWYuQW55QlgKDmNvbS5nb29nbGUucnBjQgtTdGF0dXNQcm90b1ABWjdnb29nbGUuZ29sYW5nLm9yZy9nZW5wcm90by9nb29nbGVhcGlzL3JwYy9zdGF0dXM7c3RhdHVzYgZwcm90bzM", [file_google_protobuf_any]);
var StatusSchema = /* @__PURE__ */ messageDesc7(file_google_rpc_status, 0);

// libs/proto/src/gen/grpc/health/v1/health_pb.ts
import { enumDesc as enumDesc3, fileDesc as fileDesc8, messageDesc as messageDesc8, serviceDesc as serviceDesc2 } from "@bufbuild/protobuf/codegenv2";
var file_grpc_health_v1_health = /* @__PURE__ */ fileDesc8("ChtncnBjL2hlYWx0aC92MS9oZWFsdGgucHJvdG8SDmdycGMuaGVhbHRoLnYxIiUKEkhlYWx0aENoZWNrUmVxdWVzdBIPCgdzZXJ2aWNlGAEgASgJIqkBChNIZWFsdGhDaGVja1Jlc3BvbnNlEkEKBnN0YXR1cxgBIAEoDjIxLmdycGMuaGVhbHRoLnYxLkhlYWx0aENoZWNrUmVzcG9uc2UuU2VydmluZ1N0YXR1cyJPCg1TZXJ2aW5nU3RhdHVzEgsKB1VOS05PV04QABILCgdTRVJWSU5HEAESDwoLTk9UX1NFUlZJTkcQAhITCg9TRVJWSUNFX1VOS05PV04QAyITChFIZWFsdGhMaXN0UmVxdWVzdCKuAQoSSGVhbHRoTGlzdFJlc3BvbnNlEkIKCHN0YXR1c2VzGAEgAygLMjAuZ3JwYy5oZWFsdGgudjEuSGVhbHRoTGlzdFJlc3BvbnNlLlN0YXR1c2VzRW50cnkaVAoNU3RhdHVzZXNFbnRyeRILCgNrZXkYASABKAkSMgoFdmFsdWUYAiABKAsyIy5ncnBjLmhlYWx0aC52MS5IZWFsdGhDaGVja1Jlc3BvbnNlOgI4ATL9AQoGSGVhbHRoElAKBUNoZWNrEiIuZ3JwYy5oZWFsdGgudjEuSGVhbHRoQ2hlY2tSZXF1ZXN0GiMuZ3JwYy5oZWFsdGgudjEuSGVhbHRoQ2hlY2tSZXNwb25zZRJNCgRMaXN0EiEuZ3JwYy5oZWFsdGgudjEuSGVhbHRoTGlzdFJlcXVlc3QaIi5ncnBjLmhlYWx0aC52MS5IZWFsdGhMaXN0UmVzcG9uc2USUgoFV2F0Y2gSIi5ncnBjLmhlYWx0aC52MS5IZWFsdGhDaGVja1JlcXVlc3QaIy5ncnBjLmhlYWx0aC52MS5IZWFsdGhDaGVja1Jlc3BvbnNlMAFiBnByb3RvMw");
var HealthCheckResponseSchema = /* @__PURE__ */ messageDesc8(file_grpc_health_v1_health, 1);
var HealthCheckResponse_ServingStatus = /* @__PURE__ */ ((HealthCheckResponse_ServingStatus2) => {
  HealthCheckResponse_ServingStatus2[HealthCheckResponse_ServingStatus2["UNKNOWN"] = 0] = "UNKNOWN";
  HealthCheckResponse_ServingStatus2[HealthCheckResponse_ServingStatus2["SERVING"] = 1] = "SERVING";
  HealthCheckResponse_ServingStatus2[HealthCheckResponse_ServingStatus2["NOT_SERVING"] = 2] = "NOT_SERVING";
  HealthCheckResponse_ServingStatus2[HealthCheckResponse_ServingStatus2["SERVICE_UNKNOWN"] = 3] = "SERVICE_UNKNOWN";
  return HealthCheckResponse_ServingStatus2;
})(HealthCheckResponse_ServingStatus || {});
var Health = /* @__PURE__ */ serviceDesc2(file_grpc_health_v1_health, 0);

// libs/proto/src/gen/switchyard/testing/v1/runtime_probe_pb.ts
import { enumDesc as enumDesc4, fileDesc as fileDesc10, messageDesc as messageDesc10, serviceDesc as serviceDesc3 } from "@bufbuild/protobuf/codegenv2";

// libs/proto/src/gen/switchyard/auth/v1/policy_pb.ts
import { extDesc as extDesc2, fileDesc as fileDesc9, messageDesc as messageDesc9 } from "@bufbuild/protobuf/codegenv2";
import { file_google_protobuf_descriptor as file_google_protobuf_descriptor2 } from "@bufbuild/protobuf/wkt";
var file_switchyard_auth_v1_policy = /* @__PURE__ */ fileDesc9("Ch9zd2l0Y2h5YXJkL2F1dGgvdjEvcG9saWN5LnByb3RvEhJzd2l0Y2h5YXJkLmF1dGgudjEiNwoMTWV0aG9kUG9saWN5Eg4KBnB1YmxpYxgBIAEoCBIXCg9yZXF1aXJlZF9zY29wZXMYAiADKAk6WgoGcG9saWN5Eh4uZ29vZ2xlLnByb3RvYnVmLk1ldGhvZE9wdGlvbnMYuY4DIAEoCzIgLnN3aXRjaHlhcmQuYXV0aC52MS5NZXRob2RQb2xpY3lSBnBvbGljeWIGcHJvdG8z", [file_google_protobuf_descriptor2]);
var policy = /* @__PURE__ */ extDesc2(file_switchyard_auth_v1_policy, 0);

// libs/proto/src/gen/switchyard/testing/v1/runtime_probe_pb.ts
var file_switchyard_testing_v1_runtime_probe = /* @__PURE__ */ fileDesc10("Cilzd2l0Y2h5YXJkL3Rlc3RpbmcvdjEvcnVudGltZV9wcm9iZS5wcm90bxIVc3dpdGNoeWFyZC50ZXN0aW5nLnYxIu0BCgxQcm9iZVJlcXVlc3QSFwoEbmFtZRgBIAEoCUIJukgGcgQQARggEhsKCHF1YW50aXR5GAIgASgFQgm6SAYaBBhkKAESHAoEdGFncxgDIAMoCUIOukgLkgEIEAMiBHICEAESPAoGYWN0aW9uGAQgASgOMiIuc3dpdGNoeWFyZC50ZXN0aW5nLnYxLlByb2JlQWN0aW9uQgi6SAWCAQIQARIaCghkZWxheV9tcxgFIAEoDUIIukgFKgMYkE4SDwoHcGF5bG9hZBgGIAEoDBIeChZyZXNwb25zZV9wYXlsb2FkX2J5dGVzGAcgASgNIkIKDVByb2JlUmVzcG9uc2USDAoEbmFtZRgBIAEoCRISCgp0aW1lb3V0X21zGAIgASgDEg8KB3BheWxvYWQYAyABKAwiYgoSUHJvYmVTdHJlYW1SZXF1ZXN0EhkKBWNvdW50GAEgASgNQgq6SAcqBRjoBygBEh0KC2ludGVydmFsX21zGAIgASgNQgi6SAUqAxjoBxISCgpmYWlsX2FmdGVyGAMgASgNIiQKE1Byb2JlU3RyZWFtUmVzcG9uc2USDQoFaW5kZXgYASABKA0qfwoLUHJvYmVBY3Rpb24SHAoYUFJPQkVfQUNUSU9OX1VOU1BFQ0lGSUVEEAASFgoSUFJPQkVfQUNUSU9OX1RIUk9XEAESIgoeUFJPQkVfQUNUSU9OX1dBSVRfRk9SX0RFQURMSU5FEAISFgoSUFJPQkVfQUNUSU9OX0RFTEFZEAMy6wEKE1J1bnRpbWVQcm9iZVNlcnZpY2USZAoFUHJvYmUSIy5zd2l0Y2h5YXJkLnRlc3RpbmcudjEuUHJvYmVSZXF1ZXN0GiQuc3dpdGNoeWFyZC50ZXN0aW5nLnYxLlByb2JlUmVzcG9uc2UiEMrzGAwSCnByb2JlLmNhbGwSbgoLUHJvYmVTdHJlYW0SKS5zd2l0Y2h5YXJkLnRlc3RpbmcudjEuUHJvYmVTdHJlYW1SZXF1ZXN0Giouc3dpdGNoeWFyZC50ZXN0aW5nLnYxLlByb2JlU3RyZWFtUmVzcG9uc2UiBsrzGAIIATABYgZwcm90bzM", [file_buf_validate_validate, file_switchyard_auth_v1_policy]);

// libs/proto/src/gen/grpc/reflection/v1/reflection_pb.ts
import { fileDesc as fileDesc11, messageDesc as messageDesc11, serviceDesc as serviceDesc4 } from "@bufbuild/protobuf/codegenv2";
var file_grpc_reflection_v1_reflection = /* @__PURE__ */ fileDesc11("CiNncnBjL3JlZmxlY3Rpb24vdjEvcmVmbGVjdGlvbi5wcm90bxISZ3JwYy5yZWZsZWN0aW9uLnYxIoUCChdTZXJ2ZXJSZWZsZWN0aW9uUmVxdWVzdBIMCgRob3N0GAEgASgJEhoKEGZpbGVfYnlfZmlsZW5hbWUYAyABKAlIABIgChZmaWxlX2NvbnRhaW5pbmdfc3ltYm9sGAQgASgJSAASSQoZZmlsZV9jb250YWluaW5nX2V4dGVuc2lvbhgFIAEoCzIkLmdycGMucmVmbGVjdGlvbi52MS5FeHRlbnNpb25SZXF1ZXN0SAASJwodYWxsX2V4dGVuc2lvbl9udW1iZXJzX29mX3R5cGUYBiABKAlIABIXCg1saXN0X3NlcnZpY2VzGAcgASgJSABCEQoPbWVzc2FnZV9yZXF1ZXN0IkUKEEV4dGVuc2lvblJlcXVlc3QSFwoPY29udGFpbmluZ190eXBlGAEgASgJEhgKEGV4dGVuc2lvbl9udW1iZXIYAiABKAUiuAMKGFNlcnZlclJlZmxlY3Rpb25SZXNwb25zZRISCgp2YWxpZF9ob3N0GAEgASgJEkUKEG9yaWdpbmFsX3JlcXVlc3QYAiABKAsyKy5ncnBjLnJlZmxlY3Rpb24udjEuU2VydmVyUmVmbGVjdGlvblJlcXVlc3QSTgoYZmlsZV9kZXNjcmlwdG9yX3Jlc3BvbnNlGAQgASgLMiouZ3JwYy5yZWZsZWN0aW9uLnYxLkZpbGVEZXNjcmlwdG9yUmVzcG9uc2VIABJVCh5hbGxfZXh0ZW5zaW9uX251bWJlcnNfcmVzcG9uc2UYBSABKAsyKy5ncnBjLnJlZmxlY3Rpb24udjEuRXh0ZW5zaW9uTnVtYmVyUmVzcG9uc2VIABJJChZsaXN0X3NlcnZpY2VzX3Jlc3BvbnNlGAYgASgLMicuZ3JwYy5yZWZsZWN0aW9uLnYxLkxpc3RTZXJ2aWNlUmVzcG9uc2VIABI7Cg5lcnJvcl9yZXNwb25zZRgHIAEoCzIhLmdycGMucmVmbGVjdGlvbi52MS5FcnJvclJlc3BvbnNlSABCEgoQbWVzc2FnZV9yZXNwb25zZSI3ChZGaWxlRGVzY3JpcHRvclJlc3BvbnNlEh0KFWZpbGVfZGVzY3JpcHRvcl9wcm90bxgBIAMoDCJLChdFeHRlbnNpb25OdW1iZXJSZXNwb25zZRIWCg5iYXNlX3R5cGVfbmFtZRgBIAEoCRIYChBleHRlbnNpb25fbnVtYmVyGAIgAygFIksKE0xpc3RTZXJ2aWNlUmVzcG9uc2USNAoHc2VydmljZRgBIAMoCzIjLmdycGMucmVmbGVjdGlvbi52MS5TZXJ2aWNlUmVzcG9uc2UiHwoPU2VydmljZVJlc3BvbnNlEgwKBG5hbWUYASABKAkiOgoNRXJyb3JSZXNwb25zZRISCgplcnJvcl9jb2RlGAEgASgFEhUKDWVycm9yX21lc3NhZ2UYAiABKAkyiQEKEFNlcnZlclJlZmxlY3Rpb24SdQoUU2VydmVyUmVmbGVjdGlvbkluZm8SKy5ncnBjLnJlZmxlY3Rpb24udjEuU2VydmVyUmVmbGVjdGlvblJlcXVlc3QaLC5ncnBjLnJlZmxlY3Rpb24udjEuU2VydmVyUmVmbGVjdGlvblJlc3BvbnNlKAEwAWIGcHJvdG8z");
var ServerReflectionRequestSchema = /* @__PURE__ */ messageDesc11(file_grpc_reflection_v1_reflection, 0);
var ServerReflectionResponseSchema = /* @__PURE__ */ messageDesc11(file_grpc_reflection_v1_reflection, 2);
var ServerReflection = /* @__PURE__ */ serviceDesc4(file_grpc_reflection_v1_reflection, 0);

// libs/proto/src/gen/grpc/reflection/v1alpha/reflection_pb.ts
import { fileDesc as fileDesc12, messageDesc as messageDesc12, serviceDesc as serviceDesc5 } from "@bufbuild/protobuf/codegenv2";
var file_grpc_reflection_v1alpha_reflection = /* @__PURE__ */ fileDesc12("CihncnBjL3JlZmxlY3Rpb24vdjFhbHBoYS9yZWZsZWN0aW9uLnByb3RvEhdncnBjLnJlZmxlY3Rpb24udjFhbHBoYSKKAgoXU2VydmVyUmVmbGVjdGlvblJlcXVlc3QSDAoEaG9zdBgBIAEoCRIaChBmaWxlX2J5X2ZpbGVuYW1lGAMgASgJSAASIAoWZmlsZV9jb250YWluaW5nX3N5bWJvbBgEIAEoCUgAEk4KGWZpbGVfY29udGFpbmluZ19leHRlbnNpb24YBSABKAsyKS5ncnBjLnJlZmxlY3Rpb24udjFhbHBoYS5FeHRlbnNpb25SZXF1ZXN0SAASJwodYWxsX2V4dGVuc2lvbl9udW1iZXJzX29mX3R5cGUYBiABKAlIABIXCg1saXN0X3NlcnZpY2VzGAcgASgJSABCEQoPbWVzc2FnZV9yZXF1ZXN0IkUKEEV4dGVuc2lvblJlcXVlc3QSFwoPY29udGFpbmluZ190eXBlGAEgASgJEhgKEGV4dGVuc2lvbl9udW1iZXIYAiABKAUi0QMKGFNlcnZlclJlZmxlY3Rpb25SZXNwb25zZRISCgp2YWxpZF9ob3N0GAEgASgJEkoKEG9yaWdpbmFsX3JlcXVlc3QYAiABKAsyMC5ncnBjLnJlZmxlY3Rpb24udjFhbHBoYS5TZXJ2ZXJSZWZsZWN0aW9uUmVxdWVzdBJTChhmaWxlX2Rlc2NyaXB0b3JfcmVzcG9uc2UYBCABKAsyLy5ncnBjLnJlZmxlY3Rpb24udjFhbHBoYS5GaWxlRGVzY3JpcHRvclJlc3BvbnNlSAASWgoeYWxsX2V4dGVuc2lvbl9udW1iZXJzX3Jlc3BvbnNlGAUgASgLMjAuZ3JwYy5yZWZsZWN0aW9uLnYxYWxwaGEuRXh0ZW5zaW9uTnVtYmVyUmVzcG9uc2VIABJOChZsaXN0X3NlcnZpY2VzX3Jlc3BvbnNlGAYgASgLMiwuZ3JwYy5yZWZsZWN0aW9uLnYxYWxwaGEuTGlzdFNlcnZpY2VSZXNwb25zZUgAEkAKDmVycm9yX3Jlc3BvbnNlGAcgASgLMiYuZ3JwYy5yZWZsZWN0aW9uLnYxYWxwaGEuRXJyb3JSZXNwb25zZUgAQhIKEG1lc3NhZ2VfcmVzcG9uc2UiNwoWRmlsZURlc2NyaXB0b3JSZXNwb25zZRIdChVmaWxlX2Rlc2NyaXB0b3JfcHJvdG8YASADKAwiSwoXRXh0ZW5zaW9uTnVtYmVyUmVzcG9uc2USFgoOYmFzZV90eXBlX25hbWUYASABKAkSGAoQZXh0ZW5zaW9uX251bWJlchgCIAMoBSJQChNMaXN0U2VydmljZVJlc3BvbnNlEjkKB3NlcnZpY2UYASADKAsyKC5ncnBjLnJlZmxlY3Rpb24udjFhbHBoYS5TZXJ2aWNlUmVzcG9uc2UiHwoPU2VydmljZVJlc3BvbnNlEgwKBG5hbWUYASABKAkiOgoNRXJyb3JSZXNwb25zZRISCgplcnJvcl9jb2RlGAEgASgFEhUKDWVycm9yX21lc3NhZ2UYAiABKAkykwEKEFNlcnZlclJlZmxlY3Rpb24SfwoUU2VydmVyUmVmbGVjdGlvbkluZm8SMC5ncnBjLnJlZmxlY3Rpb24udjFhbHBoYS5TZXJ2ZXJSZWZsZWN0aW9uUmVxdWVzdBoxLmdycGMucmVmbGVjdGlvbi52MWFscGhhLlNlcnZlclJlZmxlY3Rpb25SZXNwb25zZSgBMAFiBnByb3RvMw");
var ServerReflectionRequestSchema2 = /* @__PURE__ */ messageDesc12(file_grpc_reflection_v1alpha_reflection, 0);
var ServerReflectionResponseSchema2 = /* @__PURE__ */ messageDesc12(file_grpc_reflection_v1alpha_reflection, 2);
var ServerReflection2 = /* @__PURE__ */ serviceDesc5(file_grpc_reflection_v1alpha_reflection, 0);

// libs/proto/src/gen/switchyard/catalog/v1/catalog_service_pb.ts
import { fileDesc as fileDesc14, messageDesc as messageDesc14, serviceDesc as serviceDesc6 } from "@bufbuild/protobuf/codegenv2";
import { file_google_protobuf_timestamp } from "@bufbuild/protobuf/wkt";

// libs/proto/src/gen/switchyard/type/v1/money_pb.ts
import { fileDesc as fileDesc13, messageDesc as messageDesc13 } from "@bufbuild/protobuf/codegenv2";
var file_switchyard_type_v1_money = /* @__PURE__ */ fileDesc13("Ch5zd2l0Y2h5YXJkL3R5cGUvdjEvbW9uZXkucHJvdG8SEnN3aXRjaHlhcmQudHlwZS52MSJGCgVNb25leRIoCg1jdXJyZW5jeV9jb2RlGAEgASgJQhG6SA5yDDIKXltBLVpdezN9JBITCgttaW5vcl91bml0cxgCIAEoA2IGcHJvdG8z", [file_buf_validate_validate]);

// libs/proto/src/gen/switchyard/catalog/v1/catalog_service_pb.ts
var file_switchyard_catalog_v1_catalog_service = /* @__PURE__ */ fileDesc14("Citzd2l0Y2h5YXJkL2NhdGFsb2cvdjEvY2F0YWxvZ19zZXJ2aWNlLnByb3RvEhVzd2l0Y2h5YXJkLmNhdGFsb2cudjEieQoHUHJvZHVjdBIKCgJpZBgBIAEoCRIMCgRuYW1lGAIgASgJEhMKC2Rlc2NyaXB0aW9uGAMgASgJEi0KCnVuaXRfcHJpY2UYBCABKAsyGS5zd2l0Y2h5YXJkLnR5cGUudjEuTW9uZXkSEAoIY2F0ZWdvcnkYBSABKAkiKwoRR2V0UHJvZHVjdFJlcXVlc3QSFgoCaWQYASABKAlCCrpIB3IFEAEYgAEiRQoSR2V0UHJvZHVjdFJlc3BvbnNlEi8KB3Byb2R1Y3QYASABKAsyHi5zd2l0Y2h5YXJkLmNhdGFsb2cudjEuUHJvZHVjdCKFAQoTTGlzdFByb2R1Y3RzUmVxdWVzdBIcCglwYWdlX3NpemUYASABKAVCCbpIBhoEGGQoABIcCgpwYWdlX3Rva2VuGAIgASgJQgi6SAVyAxiABBIZCghjYXRlZ29yeRgDIAEoCUIHukgEcgIYQBIXCgVxdWVyeRgEIAEoCUIIukgFcgMYgAEiYQoUTGlzdFByb2R1Y3RzUmVzcG9uc2USMAoIcHJvZHVjdHMYASADKAsyHi5zd2l0Y2h5YXJkLmNhdGFsb2cudjEuUHJvZHVjdBIXCg9uZXh0X3BhZ2VfdG9rZW4YAiABKAkiQwoXV2F0Y2hTdG9ja0xldmVsc1JlcXVlc3QSKAoLcHJvZHVjdF9pZHMYASADKAlCE7pIEJIBDRBkGAEiB3IFEAEYgAEiYwoKU3RvY2tMZXZlbBISCgpwcm9kdWN0X2lkGAEgASgJEhEKCWF2YWlsYWJsZRgCIAEoBRIuCgp1cGRhdGVkX2F0GAMgASgLMhouZ29vZ2xlLnByb3RvYnVmLlRpbWVzdGFtcCI4CglIZWFydGJlYXQSKwoHc2VudF9hdBgBIAEoCzIaLmdvb2dsZS5wcm90b2J1Zi5UaW1lc3RhbXAilAEKGFdhdGNoU3RvY2tMZXZlbHNSZXNwb25zZRI4CgtzdG9ja19sZXZlbBgBIAEoCzIhLnN3aXRjaHlhcmQuY2F0YWxvZy52MS5TdG9ja0xldmVsSAASNQoJaGVhcnRiZWF0GAIgASgLMiAuc3dpdGNoeWFyZC5jYXRhbG9nLnYxLkhlYXJ0YmVhdEgAQgcKBWV2ZW50IlQKFFN0b2NrUmVzZXJ2YXRpb25MaW5lEh4KCnByb2R1Y3RfaWQYASABKAlCCrpIB3IFEAEYgAESHAoIcXVhbnRpdHkYAiABKAVCCrpIBxoFGJBOKAEiewoTUmVzZXJ2ZVN0b2NrUmVxdWVzdBIcCghvcmRlcl9pZBgBIAEoCUIKukgHcgUQARiAARJGCgVsaW5lcxgCIAMoCzIrLnN3aXRjaHlhcmQuY2F0YWxvZy52MS5TdG9ja1Jlc2VydmF0aW9uTGluZUIKukgHkgEECAEQZCKXAQoUUmVzZXJ2ZVN0b2NrUmVzcG9uc2USEAoIb3JkZXJfaWQYASABKAkSOgoFbGluZXMYAiADKAsyKy5zd2l0Y2h5YXJkLmNhdGFsb2cudjEuU3RvY2tSZXNlcnZhdGlvbkxpbmUSMQoGbGV2ZWxzGAMgAygLMiEuc3dpdGNoeWFyZC5jYXRhbG9nLnYxLlN0b2NrTGV2ZWwiMwoTUmVsZWFzZVN0b2NrUmVxdWVzdBIcCghvcmRlcl9pZBgBIAEoCUIKukgHcgUQARiAASIoChRSZWxlYXNlU3RvY2tSZXNwb25zZRIQCghyZWxlYXNlZBgBIAEoCDLnBAoOQ2F0YWxvZ1NlcnZpY2USaQoKR2V0UHJvZHVjdBIoLnN3aXRjaHlhcmQuY2F0YWxvZy52MS5HZXRQcm9kdWN0UmVxdWVzdBopLnN3aXRjaHlhcmQuY2F0YWxvZy52MS5HZXRQcm9kdWN0UmVzcG9uc2UiBsrzGAIIARJvCgxMaXN0UHJvZHVjdHMSKi5zd2l0Y2h5YXJkLmNhdGFsb2cudjEuTGlzdFByb2R1Y3RzUmVxdWVzdBorLnN3aXRjaHlhcmQuY2F0YWxvZy52MS5MaXN0UHJvZHVjdHNSZXNwb25zZSIGyvMYAggBEn0KEFdhdGNoU3RvY2tMZXZlbHMSLi5zd2l0Y2h5YXJkLmNhdGFsb2cudjEuV2F0Y2hTdG9ja0xldmVsc1JlcXVlc3QaLy5zd2l0Y2h5YXJkLmNhdGFsb2cudjEuV2F0Y2hTdG9ja0xldmVsc1Jlc3BvbnNlIgbK8xgCCAEwARJ8CgxSZXNlcnZlU3RvY2sSKi5zd2l0Y2h5YXJkLmNhdGFsb2cudjEuUmVzZXJ2ZVN0b2NrUmVxdWVzdBorLnN3aXRjaHlhcmQuY2F0YWxvZy52MS5SZXNlcnZlU3RvY2tSZXNwb25zZSITyvMYDxINc3RvY2sucmVzZXJ2ZRJ8CgxSZWxlYXNlU3RvY2sSKi5zd2l0Y2h5YXJkLmNhdGFsb2cudjEuUmVsZWFzZVN0b2NrUmVxdWVzdBorLnN3aXRjaHlhcmQuY2F0YWxvZy52MS5SZWxlYXNlU3RvY2tSZXNwb25zZSITyvMYDxINc3RvY2sucmVzZXJ2ZWIGcHJvdG8z", [file_buf_validate_validate, file_google_protobuf_timestamp, file_switchyard_auth_v1_policy, file_switchyard_type_v1_money]);

// libs/proto/src/gen/switchyard/pricing/v1/pricing_service_pb.ts
import { fileDesc as fileDesc15, messageDesc as messageDesc15, serviceDesc as serviceDesc7 } from "@bufbuild/protobuf/codegenv2";
var file_switchyard_pricing_v1_pricing_service = /* @__PURE__ */ fileDesc15("Citzd2l0Y2h5YXJkL3ByaWNpbmcvdjEvcHJpY2luZ19zZXJ2aWNlLnByb3RvEhVzd2l0Y2h5YXJkLnByaWNpbmcudjEi1AEKCExpbmVJdGVtEh4KCnByb2R1Y3RfaWQYASABKAlCCrpIB3IFEAEYgAESHAoIcXVhbnRpdHkYAiABKAVCCrpIBxoFGJBOKAESiQEKCnVuaXRfcHJpY2UYAyABKAsyGS5zd2l0Y2h5YXJkLnR5cGUudjEuTW9uZXlCWrpIV7oBUQoXdW5pdF9wcmljZS5ub25fbmVnYXRpdmUSH3VuaXQgcHJpY2UgbXVzdCBub3QgYmUgbmVnYXRpdmUaFXRoaXMubWlub3JfdW5pdHMgPj0gMMgBASKWAQoMUXVvdGVSZXF1ZXN0EigKDWN1cnJlbmN5X2NvZGUYASABKAlCEbpIDnIMMgpeW0EtWl17M30kEj8KCmxpbmVfaXRlbXMYAiADKAsyHy5zd2l0Y2h5YXJkLnByaWNpbmcudjEuTGluZUl0ZW1CCrpIB5IBBAgBEGQSGwoKcHJvbW9fY29kZRgDIAEoCUIHukgEcgIYICJACg1RdW90ZVJlc3BvbnNlEi8KBXF1b3RlGAEgASgLMiAuc3dpdGNoeWFyZC5wcmljaW5nLnYxLkNhcnRRdW90ZSKQAQoKUXVvdGVkTGluZRISCgpwcm9kdWN0X2lkGAEgASgJEhAKCHF1YW50aXR5GAIgASgFEi0KCnVuaXRfcHJpY2UYAyABKAsyGS5zd2l0Y2h5YXJkLnR5cGUudjEuTW9uZXkSLQoKbGluZV90b3RhbBgEIAEoCzIZLnN3aXRjaHlhcmQudHlwZS52MS5Nb25leSJfCg9BcHBsaWVkRGlzY291bnQSDAoEY29kZRgBIAEoCRITCgtkZXNjcmlwdGlvbhgCIAEoCRIpCgZhbW91bnQYAyABKAsyGS5zd2l0Y2h5YXJkLnR5cGUudjEuTW9uZXkimQIKCUNhcnRRdW90ZRIVCg1jdXJyZW5jeV9jb2RlGAEgASgJEjAKBWxpbmVzGAIgAygLMiEuc3dpdGNoeWFyZC5wcmljaW5nLnYxLlF1b3RlZExpbmUSKwoIc3VidG90YWwYAyABKAsyGS5zd2l0Y2h5YXJkLnR5cGUudjEuTW9uZXkSOQoJZGlzY291bnRzGAQgAygLMiYuc3dpdGNoeWFyZC5wcmljaW5nLnYxLkFwcGxpZWREaXNjb3VudBIxCg5kaXNjb3VudF90b3RhbBgFIAEoCzIZLnN3aXRjaHlhcmQudHlwZS52MS5Nb25leRIoCgV0b3RhbBgGIAEoCzIZLnN3aXRjaHlhcmQudHlwZS52MS5Nb25leSLWAQoPRWRpdENhcnRSZXF1ZXN0EjgKDXNldF9saW5lX2l0ZW0YASABKAsyHy5zd2l0Y2h5YXJkLnByaWNpbmcudjEuTGluZUl0ZW1IABInChFyZW1vdmVfcHJvZHVjdF9pZBgCIAEoCUIKukgHcgUQARiAAUgAEiEKDnNldF9wcm9tb19jb2RlGAMgASgJQge6SARyAhggSAASLgoRc2V0X2N1cnJlbmN5X2NvZGUYBCABKAlCEbpIDnIMMgpeW0EtWl17M30kSABCDQoEZWRpdBIFukgCCAEiWgoQRWRpdENhcnRSZXNwb25zZRIVCg1lZGl0c19hcHBsaWVkGAEgASgNEi8KBXF1b3RlGAIgASgLMiAuc3dpdGNoeWFyZC5wcmljaW5nLnYxLkNhcnRRdW90ZTLeAQoOUHJpY2luZ1NlcnZpY2USWgoFUXVvdGUSIy5zd2l0Y2h5YXJkLnByaWNpbmcudjEuUXVvdGVSZXF1ZXN0GiQuc3dpdGNoeWFyZC5wcmljaW5nLnYxLlF1b3RlUmVzcG9uc2UiBsrzGAIIARJwCghFZGl0Q2FydBImLnN3aXRjaHlhcmQucHJpY2luZy52MS5FZGl0Q2FydFJlcXVlc3QaJy5zd2l0Y2h5YXJkLnByaWNpbmcudjEuRWRpdENhcnRSZXNwb25zZSIPyvMYCxIJY2FydC5lZGl0KAEwAWIGcHJvdG8z", [file_buf_validate_validate, file_switchyard_auth_v1_policy, file_switchyard_type_v1_money]);

// libs/proto/src/gen/switchyard/checkout/v1/checkout_service_pb.ts
import { fileDesc as fileDesc16, messageDesc as messageDesc16, serviceDesc as serviceDesc8 } from "@bufbuild/protobuf/codegenv2";
import { file_google_protobuf_timestamp as file_google_protobuf_timestamp2 } from "@bufbuild/protobuf/wkt";
var file_switchyard_checkout_v1_checkout_service = /* @__PURE__ */ fileDesc16("Ci1zd2l0Y2h5YXJkL2NoZWNrb3V0L3YxL2NoZWNrb3V0X3NlcnZpY2UucHJvdG8SFnN3aXRjaHlhcmQuY2hlY2tvdXQudjEiSQoJT3JkZXJMaW5lEh4KCnByb2R1Y3RfaWQYASABKAlCCrpIB3IFEAEYgAESHAoIcXVhbnRpdHkYAiABKAVCCrpIBxoFGJBOKAEirQEKEVBsYWNlT3JkZXJSZXF1ZXN0Eh8KC2N1c3RvbWVyX2lkGAEgASgJQgq6SAdyBRABGIABEjwKBWxpbmVzGAIgAygLMiEuc3dpdGNoeWFyZC5jaGVja291dC52MS5PcmRlckxpbmVCCrpIB5IBBAgBEGQSGwoKcHJvbW9fY29kZRgDIAEoCUIHukgEcgIYIBIcCgpyZXF1ZXN0X2lkGAQgASgJQgi6SAVyA7ABASKcAQoFT3JkZXISCgoCaWQYASABKAkSEwoLY3VzdG9tZXJfaWQYAiABKAkSLwoFcXVvdGUYAyABKAsyIC5zd2l0Y2h5YXJkLnByaWNpbmcudjEuQ2FydFF1b3RlEi0KCXBsYWNlZF9hdBgEIAEoCzIaLmdvb2dsZS5wcm90b2J1Zi5UaW1lc3RhbXASEgoKcmVxdWVzdF9pZBgFIAEoCSJCChJQbGFjZU9yZGVyUmVzcG9uc2USLAoFb3JkZXIYASABKAsyHS5zd2l0Y2h5YXJkLmNoZWNrb3V0LnYxLk9yZGVyIlEKFkltcG9ydExpbmVJdGVtc1JlcXVlc3QSNwoEbGluZRgBIAEoCzIhLnN3aXRjaHlhcmQuY2hlY2tvdXQudjEuT3JkZXJMaW5lQga6SAPIAQEiQQoMUmVqZWN0ZWRMaW5lEg0KBWluZGV4GAEgASgNEhIKCnByb2R1Y3RfaWQYAiABKAkSDgoGcmVhc29uGAMgASgJItgBChdJbXBvcnRMaW5lSXRlbXNSZXNwb25zZRIQCghyZWNlaXZlZBgBIAEoDRIQCghhY2NlcHRlZBgCIAEoDRI2CghyZWplY3RlZBgDIAMoCzIkLnN3aXRjaHlhcmQuY2hlY2tvdXQudjEuUmVqZWN0ZWRMaW5lEjAKBWxpbmVzGAQgAygLMiEuc3dpdGNoeWFyZC5jaGVja291dC52MS5PcmRlckxpbmUSLwoFcXVvdGUYBSABKAsyIC5zd2l0Y2h5YXJkLnByaWNpbmcudjEuQ2FydFF1b3RlIikKD0dldE9yZGVyUmVxdWVzdBIWCgJpZBgBIAEoCUIKukgHcgUQARiAASJAChBHZXRPcmRlclJlc3BvbnNlEiwKBW9yZGVyGAEgASgLMh0uc3dpdGNoeWFyZC5jaGVja291dC52MS5PcmRlciJwChFMaXN0T3JkZXJzUmVxdWVzdBIfCgtjdXN0b21lcl9pZBgBIAEoCUIKukgHcgUQARiAARIcCglwYWdlX3NpemUYAiABKAVCCbpIBhoEGGQoABIcCgpwYWdlX3Rva2VuGAMgASgJQgi6SAVyAxiABCJcChJMaXN0T3JkZXJzUmVzcG9uc2USLQoGb3JkZXJzGAEgAygLMh0uc3dpdGNoeWFyZC5jaGVja291dC52MS5PcmRlchIXCg9uZXh0X3BhZ2VfdG9rZW4YAiABKAky/wMKD0NoZWNrb3V0U2VydmljZRJ3CgpQbGFjZU9yZGVyEikuc3dpdGNoeWFyZC5jaGVja291dC52MS5QbGFjZU9yZGVyUmVxdWVzdBoqLnN3aXRjaHlhcmQuY2hlY2tvdXQudjEuUGxhY2VPcmRlclJlc3BvbnNlIhLK8xgOEgxvcmRlcnMud3JpdGUScAoIR2V0T3JkZXISJy5zd2l0Y2h5YXJkLmNoZWNrb3V0LnYxLkdldE9yZGVyUmVxdWVzdBooLnN3aXRjaHlhcmQuY2hlY2tvdXQudjEuR2V0T3JkZXJSZXNwb25zZSIRyvMYDRILb3JkZXJzLnJlYWQSdgoKTGlzdE9yZGVycxIpLnN3aXRjaHlhcmQuY2hlY2tvdXQudjEuTGlzdE9yZGVyc1JlcXVlc3QaKi5zd2l0Y2h5YXJkLmNoZWNrb3V0LnYxLkxpc3RPcmRlcnNSZXNwb25zZSIRyvMYDRILb3JkZXJzLnJlYWQSiAEKD0ltcG9ydExpbmVJdGVtcxIuLnN3aXRjaHlhcmQuY2hlY2tvdXQudjEuSW1wb3J0TGluZUl0ZW1zUmVxdWVzdBovLnN3aXRjaHlhcmQuY2hlY2tvdXQudjEuSW1wb3J0TGluZUl0ZW1zUmVzcG9uc2UiEsrzGA4SDG9yZGVycy53cml0ZSgBYgZwcm90bzM", [file_buf_validate_validate, file_google_protobuf_timestamp2, file_switchyard_auth_v1_policy, file_switchyard_pricing_v1_pricing_service]);

// libs/proto/src/gen/switchyard/health/v1/load_balancer_probe_pb.ts
import { fileDesc as fileDesc17, messageDesc as messageDesc17, serviceDesc as serviceDesc9 } from "@bufbuild/protobuf/codegenv2";
var file_switchyard_health_v1_load_balancer_probe = /* @__PURE__ */ fileDesc17("Ci5zd2l0Y2h5YXJkL2hlYWx0aC92MS9sb2FkX2JhbGFuY2VyX3Byb2JlLnByb3RvEhRzd2l0Y2h5YXJkLmhlYWx0aC52MSIfCgxDaGVja1JlcXVlc3QSDwoHc2VydmljZRgBIAEoCSIPCg1DaGVja1Jlc3BvbnNlMm0KEUxvYWRCYWxhbmNlclByb2JlElgKBUNoZWNrEiIuc3dpdGNoeWFyZC5oZWFsdGgudjEuQ2hlY2tSZXF1ZXN0GiMuc3dpdGNoeWFyZC5oZWFsdGgudjEuQ2hlY2tSZXNwb25zZSIGyvMYAggBYgZwcm90bzM", [file_switchyard_auth_v1_policy]);
var LoadBalancerProbe = /* @__PURE__ */ serviceDesc9(file_switchyard_health_v1_load_balancer_probe, 0);

// libs/proto/src/proto-registry.ts
var protoFiles = [
  file_opentelemetry_proto_collector_trace_v1_trace_service,
  file_opentelemetry_proto_common_v1_common,
  file_opentelemetry_proto_resource_v1_resource,
  file_opentelemetry_proto_trace_v1_trace,
  file_buf_validate_validate,
  file_google_rpc_status,
  file_google_rpc_error_details,
  file_switchyard_testing_v1_runtime_probe,
  file_grpc_health_v1_health,
  file_grpc_reflection_v1_reflection,
  file_grpc_reflection_v1alpha_reflection,
  file_switchyard_catalog_v1_catalog_service,
  file_switchyard_type_v1_money,
  file_switchyard_auth_v1_policy,
  file_switchyard_pricing_v1_pricing_service,
  file_switchyard_checkout_v1_checkout_service,
  file_switchyard_testing_v1_echo_service,
  file_switchyard_health_v1_load_balancer_probe
];
function collectInDependencyOrder(files) {
  const seen = /* @__PURE__ */ new Set();
  const ordered = [];
  const visit = (file) => {
    if (seen.has(file.proto.name)) return;
    seen.add(file.proto.name);
    file.dependencies.forEach(visit);
    ordered.push(file.proto);
  };
  files.forEach(visit);
  return ordered;
}
var protoRegistry = createFileRegistry(
  create(FileDescriptorSetSchema, { file: collectInDependencyOrder(protoFiles) })
);

// libs/auth/src/method-policy.ts
var publicUpstreamServices = /* @__PURE__ */ new Set([
  "grpc.health.v1.Health",
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection"
]);
function accessRuleOf(method) {
  if (publicUpstreamServices.has(method.parent.typeName)) return { kind: "public" };
  if (!hasOption(method, policy)) return { kind: "authenticated", requiredScopes: [] };
  const declared = getOption(method, policy);
  if (declared.public) return { kind: "public" };
  return { kind: "authenticated", requiredScopes: declared.requiredScopes };
}

// libs/auth/src/token-verifier.ts
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify
} from "jose";
var InvalidTokenError = class extends Error {
  constructor(message, reason) {
    super(message);
    this.reason = reason;
    this.name = "InvalidTokenError";
  }
  reason;
};
function scopesOf(scope, prefix) {
  const all = typeof scope === "string" ? scope.split(" ").filter((item) => item !== "") : [];
  if (prefix === void 0) return new Set(all);
  return new Set(all.filter((item) => item.startsWith(prefix)).map((item) => item.slice(prefix.length)));
}
function callerOf(payload, scopePrefix) {
  if (typeof payload.sub !== "string" || payload.sub === "") {
    throw new InvalidTokenError("the token names no subject", "TOKEN_INVALID");
  }
  const tokenUse = payload["token_use"];
  if (tokenUse !== void 0 && tokenUse !== "access") {
    throw new InvalidTokenError("the token is not an access token", "TOKEN_CLAIM_REJECTED");
  }
  const clientId = payload["client_id"] ?? payload["azp"];
  return {
    subject: payload.sub,
    scopes: scopesOf(payload["scope"], scopePrefix),
    clientId: typeof clientId === "string" ? clientId : void 0
  };
}
function refusal(error) {
  if (error instanceof InvalidTokenError) return error;
  if (error instanceof errors.JWTExpired)
    return new InvalidTokenError("the token has expired", "TOKEN_EXPIRED");
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new InvalidTokenError(
      `the token's "${error.claim}" claim is not accepted`,
      "TOKEN_CLAIM_REJECTED"
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new InvalidTokenError(
      "the token's signature algorithm is not accepted",
      "TOKEN_ALGORITHM_REJECTED"
    );
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new InvalidTokenError("no key of the issuer matches the token", "TOKEN_KEY_UNKNOWN");
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new InvalidTokenError("the token's signature does not verify", "TOKEN_SIGNATURE_INVALID");
  }
  if (error instanceof errors.JOSEError)
    return new InvalidTokenError("the token is not valid", "TOKEN_INVALID");
  throw error;
}
function createTokenVerifier(options) {
  const keys = "url" in options.keys ? createRemoteJWKSet(options.keys.url, {
    cacheMaxAge: options.keys.cacheMaxAgeMs ?? 10 * 6e4,
    cooldownDuration: options.keys.cooldownMs ?? 3e4,
    timeoutDuration: 5e3
  }) : createLocalJWKSet(options.keys.keySet);
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          ...options.audience === void 0 ? {} : { audience: options.audience },
          algorithms: [...options.algorithms],
          clockTolerance: options.clockToleranceSeconds,
          requiredClaims: ["exp", "sub"]
        });
        return callerOf(payload, options.scopePrefix);
      } catch (error) {
        if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError && error.code === "ERR_JWKS_INVALID") {
          throw error;
        }
        throw refusal(error);
      }
    }
  };
}

// libs/auth/src/authorize-call.ts
import { create as create2 } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
var authErrorDomain = "auth.switchyard.dev";
function authError(message, code, reason, metadata = {}) {
  return new ConnectError(message, code, void 0, [
    { desc: ErrorInfoSchema, value: create2(ErrorInfoSchema, { reason, domain: authErrorDomain, metadata }) }
  ]);
}
function bearerToken(authorization) {
  if (authorization === null || authorization === void 0 || authorization === "") return void 0;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
  if (match?.[1] === void 0) {
    throw authError(
      "the authorization header is not a bearer token",
      Code.Unauthenticated,
      "TOKEN_MALFORMED"
    );
  }
  return match[1];
}
async function authorizeCall(method, authorization, verifier) {
  const rule = accessRuleOf(method);
  if (rule.kind === "public") return void 0;
  const token = bearerToken(authorization);
  if (token === void 0) {
    throw authError(
      `${method.parent.typeName}/${method.name} needs a bearer token`,
      Code.Unauthenticated,
      "TOKEN_MISSING"
    );
  }
  let caller;
  try {
    caller = await verifier.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError)
      throw authError(error.message, Code.Unauthenticated, error.reason);
    throw authError("the issuer's keys could not be fetched", Code.Unavailable, "JWKS_UNAVAILABLE");
  }
  const missing = rule.requiredScopes.filter((scope) => !caller.scopes.has(scope));
  if (missing.length > 0) {
    throw authError(
      `${method.parent.typeName}/${method.name} needs scope ${missing.join(", ")}`,
      Code.PermissionDenied,
      "SCOPE_MISSING",
      { required_scopes: rule.requiredScopes.join(" ") }
    );
  }
  return caller;
}

// libs/service-runtime/src/call-auth.ts
import { z as z3 } from "zod";
var asymmetricAlgorithms = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA"
];
var authEnvSchema = z3.object({
  AUTH_ISSUER: envOptionalString(),
  AUTH_AUDIENCE: envOptionalString(),
  AUTH_JWKS_URL: envOptionalString(),
  AUTH_SCOPE_PREFIX: envOptionalString(),
  AUTH_ALGORITHMS: envString("RS256,ES256"),
  AUTH_CLOCK_SKEW_SECONDS: envInteger(0, 300, 30),
  AUTH_JWKS_CACHE_SECONDS: envInteger(1, 86400, 600)
}).superRefine((env, context4) => {
  const required = ["AUTH_ISSUER", "AUTH_JWKS_URL"];
  const on = [...required, "AUTH_AUDIENCE", "AUTH_SCOPE_PREFIX"].some(
    (name) => env[name] !== void 0
  );
  for (const name of required) {
    if (on && env[name] === void 0) {
      context4.addIssue({
        code: "custom",
        path: [name],
        message: "AUTH_ISSUER and AUTH_JWKS_URL go together"
      });
    }
  }
  if (on && env.AUTH_AUDIENCE === void 0 && env.AUTH_SCOPE_PREFIX === void 0) {
    context4.addIssue({
      code: "custom",
      path: ["AUTH_AUDIENCE"],
      message: "set AUTH_AUDIENCE, or AUTH_SCOPE_PREFIX for an issuer whose tokens carry no aud (Cognito)"
    });
  }
  if (env.AUTH_JWKS_URL !== void 0 && !URL.canParse(env.AUTH_JWKS_URL)) {
    context4.addIssue({ code: "custom", path: ["AUTH_JWKS_URL"], message: "must be a URL" });
  }
  for (const algorithm of env.AUTH_ALGORITHMS.split(",")) {
    if (!asymmetricAlgorithms.includes(algorithm.trim())) {
      context4.addIssue({
        code: "custom",
        path: ["AUTH_ALGORITHMS"],
        message: `"${algorithm}" is not an asymmetric JWS algorithm (${asymmetricAlgorithms.join(", ")})`
      });
    }
  }
});
function loadAuthConfig(env = process.env) {
  const parsed = parseEnvironment(authEnvSchema, env);
  if (parsed.AUTH_ISSUER === void 0 || parsed.AUTH_JWKS_URL === void 0) return void 0;
  return {
    issuer: parsed.AUTH_ISSUER,
    audience: parsed.AUTH_AUDIENCE,
    scopePrefix: parsed.AUTH_SCOPE_PREFIX,
    jwksUrl: new URL(parsed.AUTH_JWKS_URL),
    algorithms: parsed.AUTH_ALGORITHMS.split(",").map((algorithm) => algorithm.trim()),
    clockSkewSeconds: parsed.AUTH_CLOCK_SKEW_SECONDS,
    jwksCacheSeconds: parsed.AUTH_JWKS_CACHE_SECONDS
  };
}
function createCallAuthorizer(config) {
  if (config === void 0) return () => Promise.resolve(void 0);
  const verifier = createTokenVerifier({
    issuer: config.issuer,
    ...config.audience === void 0 ? {} : { audience: config.audience },
    ...config.scopePrefix === void 0 ? {} : { scopePrefix: config.scopePrefix },
    keys: {
      url: config.jwksUrl,
      cacheMaxAgeMs: config.jwksCacheSeconds * 1e3,
      // A token with an unknown key id fetches the key set again, at most this often.
      cooldownMs: Math.min(3e4, config.jwksCacheSeconds * 1e3)
    },
    algorithms: config.algorithms,
    clockToleranceSeconds: config.clockSkewSeconds
  });
  return async (method, authorization) => {
    const span = trace.getActiveSpan();
    const caller = await authorizeCall(method, authorization, verifier);
    if (caller !== void 0) span?.setAttribute("enduser.id", caller.subject);
    return caller;
  };
}

// libs/service-runtime/src/service-logger.ts
import { pino } from "pino";
function createServiceLogger(options) {
  return pino(
    {
      level: options.level,
      base: { service: options.name, instance: options.instanceId },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) }
    },
    options.destination ?? pino.destination({ dest: 1, sync: true })
  );
}

// libs/telemetry/src/start-telemetry.ts
function telemetryEnabledByEnv(env) {
  if (env["OTEL_SDK_DISABLED"]?.toLowerCase() === "true") return false;
  return [
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"
  ].some((name) => (env[name] ?? "") !== "");
}
async function startTelemetry(options) {
  const env = process.env;
  if (!telemetryEnabledByEnv(env)) {
    return { enabled: false, shutdown: () => Promise.resolve() };
  }
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  const sdk = new NodeSDK({
    serviceName: env["OTEL_SERVICE_NAME"] ?? options.serviceName,
    // RPC spans come from this lib's interceptors; no monkey-patching instrumentations.
    instrumentations: []
  });
  sdk.start();
  let stopped;
  return {
    enabled: true,
    shutdown: () => stopped ??= sdk.shutdown()
  };
}

// libs/telemetry/src/connect-telemetry-interceptors.ts
import {
  context as context2,
  propagation as propagation2,
  SpanKind,
  SpanStatusCode,
  trace as trace2
} from "@opentelemetry/api";
import { ConnectError as ConnectError2 } from "@connectrpc/connect";

// libs/telemetry/src/trace-propagation.ts
import { context, propagation } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
var ensured = false;
function ensureTraceContextPropagation() {
  if (ensured) return;
  ensured = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] })
  );
}

// libs/telemetry/src/rpc-instruments.ts
import { metrics } from "@opentelemetry/api";
var rpcMetricNames = {
  serverDuration: "rpc.server.call.duration",
  clientDuration: "rpc.client.call.duration",
  serverActiveCalls: "rpc.server.active_calls",
  serverRequestsPerRpc: "rpc.server.requests_per_rpc",
  serverResponsesPerRpc: "rpc.server.responses_per_rpc"
};
var instruments;
function rpcInstruments() {
  if (instruments === void 0) {
    const meter = metrics.getMeter("@switchyard/telemetry");
    const durationBuckets = [1e-3, 25e-4, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    instruments = {
      serverDuration: meter.createHistogram(rpcMetricNames.serverDuration, {
        unit: "s",
        description: "Duration of RPCs served, by service, method and status code.",
        advice: { explicitBucketBoundaries: durationBuckets }
      }),
      clientDuration: meter.createHistogram(rpcMetricNames.clientDuration, {
        unit: "s",
        description: "Duration of outgoing RPCs, by service, method and status code.",
        advice: { explicitBucketBoundaries: durationBuckets }
      }),
      serverActiveCalls: meter.createUpDownCounter(rpcMetricNames.serverActiveCalls, {
        unit: "{call}",
        description: "RPCs in progress on this server (streams included)."
      }),
      serverRequestsPerRpc: meter.createHistogram(rpcMetricNames.serverRequestsPerRpc, {
        unit: "{message}",
        description: "Request messages received per streaming RPC."
      }),
      serverResponsesPerRpc: meter.createHistogram(rpcMetricNames.serverResponsesPerRpc, {
        unit: "{message}",
        description: "Response messages sent per streaming RPC."
      })
    };
  }
  return instruments;
}
function rpcAttributes(service, method) {
  return { "rpc.system": "grpc", "rpc.service": service, "rpc.method": method };
}
function splitGrpcPath(path) {
  const [, service = "", method = ""] = /^\/([^/]*)\/([^/]*)$/.exec(path) ?? [];
  return { service, method };
}

// libs/telemetry/src/connect-telemetry-interceptors.ts
var headersGetter = {
  keys: (carrier) => [...carrier.keys()],
  get: (carrier, key) => carrier.get(key) ?? void 0
};
var tracer = () => trace2.getTracer("@switchyard/telemetry");
function finish(span, code, recordDuration, error) {
  span.setAttribute("rpc.grpc.status_code", code);
  if (error !== void 0) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.rawMessage });
  }
  recordDuration(code);
  span.end();
}
async function* observeStream(source, onMessage, done) {
  let failure = void 0;
  try {
    for await (const message of source) {
      onMessage();
      yield message;
    }
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    done(failure);
  }
}
function createConnectServerTelemetryInterceptor() {
  ensureTraceContextPropagation();
  return (next) => async (request) => {
    const attributes = rpcAttributes(request.service.typeName, request.method.name);
    const parent = propagation2.extract(context2.active(), request.header, headersGetter);
    const span = tracer().startSpan(
      `${request.service.typeName}/${request.method.name}`,
      { kind: SpanKind.SERVER, attributes },
      parent
    );
    const instruments2 = rpcInstruments();
    const started = performance.now();
    instruments2.serverActiveCalls.add(1, attributes);
    let ended = false;
    const end = (error) => {
      if (ended) return;
      ended = true;
      instruments2.serverActiveCalls.add(-1, attributes);
      const connectError = error === void 0 ? void 0 : ConnectError2.from(error);
      finish(
        span,
        connectError?.code ?? 0,
        (code) => {
          instruments2.serverDuration.record((performance.now() - started) / 1e3, {
            ...attributes,
            "rpc.grpc.status_code": code
          });
        },
        connectError
      );
    };
    const active = trace2.setSpan(parent, span);
    let requests = 0;
    const observedRequest = request.stream ? {
      ...request,
      message: observeStream(
        request.message,
        () => requests += 1,
        () => void 0
      )
    } : request;
    try {
      const response = await context2.with(active, () => next(observedRequest));
      if (!response.stream) {
        end(void 0);
        return response;
      }
      let responses = 0;
      return {
        ...response,
        message: observeStream(
          response.message,
          () => responses += 1,
          (error) => {
            instruments2.serverRequestsPerRpc.record(request.stream ? requests : 1, attributes);
            instruments2.serverResponsesPerRpc.record(responses, attributes);
            end(error);
          }
        )
      };
    } catch (error) {
      end(error);
      throw error;
    }
  };
}

// libs/telemetry/src/grpc-js-telemetry-interceptors.ts
import {
  context as context3,
  propagation as propagation3,
  SpanKind as SpanKind2,
  SpanStatusCode as SpanStatusCode2,
  trace as trace3
} from "@opentelemetry/api";
import {
  InterceptingCall,
  ServerInterceptingCall,
  status as GrpcStatus
} from "@grpc/grpc-js";
var metadataGetter = {
  keys: (carrier) => Object.keys(carrier.getMap()),
  get: (carrier, key) => {
    const [value] = carrier.get(key);
    return typeof value === "string" ? value : void 0;
  }
};
var tracer2 = () => trace3.getTracer("@switchyard/telemetry");
function createGrpcJsServerTelemetryInterceptor() {
  ensureTraceContextPropagation();
  return (methodDescriptor, call) => {
    const { service, method } = splitGrpcPath(methodDescriptor.path);
    const attributes = rpcAttributes(service, method);
    const instruments2 = rpcInstruments();
    const started = performance.now();
    let active = context3.active();
    let span;
    let requests = 0;
    let responses = 0;
    return new ServerInterceptingCall(call, {
      start: (next) => {
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            const parent = propagation3.extract(context3.active(), metadata, metadataGetter);
            span = tracer2().startSpan(`${service}/${method}`, { kind: SpanKind2.SERVER, attributes }, parent);
            active = trace3.setSpan(parent, span);
            instruments2.serverActiveCalls.add(1, attributes);
            context3.with(active, () => {
              nextMetadata(metadata);
            });
          },
          onReceiveMessage: (message, nextMessage) => {
            requests += 1;
            context3.with(active, () => {
              nextMessage(message);
            });
          },
          onReceiveHalfClose: (nextHalfClose) => {
            context3.with(active, () => {
              nextHalfClose();
            });
          }
        });
      },
      sendMessage: (message, nextMessage) => {
        responses += 1;
        nextMessage(message);
      },
      sendStatus: (status2, nextStatus) => {
        const code = status2.code;
        if (span !== void 0) {
          span.setAttribute("rpc.grpc.status_code", code);
          if (code !== GrpcStatus.OK) span.setStatus({ code: SpanStatusCode2.ERROR, message: status2.details });
          span.end();
          instruments2.serverActiveCalls.add(-1, attributes);
        }
        instruments2.serverDuration.record((performance.now() - started) / 1e3, {
          ...attributes,
          "rpc.grpc.status_code": code
        });
        if (methodDescriptor.requestStream || methodDescriptor.responseStream) {
          instruments2.serverRequestsPerRpc.record(requests, attributes);
          instruments2.serverResponsesPerRpc.record(responses, attributes);
        }
        nextStatus(status2);
      }
    });
  };
}

// libs/service-runtime/src/run-service-main.ts
async function runServiceMain(start, options = {}) {
  const proc = options.process ?? process;
  let telemetry;
  const exit = (code) => {
    if (telemetry === void 0) {
      proc.exit(code);
      return;
    }
    const flushed = telemetry.shutdown();
    const cap = new Promise((resolve) => setTimeout(resolve, 2e3).unref());
    void Promise.race([flushed.catch(() => void 0), cap]).then(() => proc.exit(code));
  };
  let service;
  let signals = 0;
  const drainOrForce = (running, signal) => {
    if (signals === 1) {
      running.logger.info({ signal }, "signal received: draining");
      void running.shutdown(signal).then(() => {
        exit(0);
      });
      return;
    }
    running.logger.warn({ signal }, "second signal received: forcing exit");
    void running.forceClose().finally(() => {
      exit(1);
    });
  };
  let firstSignal;
  const onSignal = (signal) => {
    signals++;
    firstSignal ??= signal;
    if (service !== void 0) drainOrForce(service, signal);
    else if (signals > 1) exit(1);
  };
  proc.on("SIGTERM", onSignal);
  proc.on("SIGINT", onSignal);
  try {
    if (options.telemetryServiceName !== void 0)
      telemetry = await startTelemetry({ serviceName: options.telemetryServiceName });
    service = await start();
  } catch (error) {
    proc.stderr.write(
      `${JSON.stringify({ level: "fatal", msg: "service failed to start", err: describe(error) })}
`
    );
    exit(1);
    return;
  }
  if (firstSignal !== void 0) drainOrForce(service, firstSignal);
}
function describe(error) {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: "Error", message: String(error) };
}

// libs/service-runtime/src/running-service.ts
import { readFile } from "node:fs/promises";

// libs/grpc-health/src/health-service.ts
var ServingStatus = HealthCheckResponse_ServingStatus;
function createHealthService(options = {}) {
  const declared = /* @__PURE__ */ new Map([["", ServingStatus.NOT_SERVING]]);
  for (const [service, status2] of Object.entries(options.statuses ?? {})) declared.set(service, status2);
  const listeners = /* @__PURE__ */ new Map();
  let draining = false;
  const effective = (status2) => draining && status2 === ServingStatus.SERVING ? ServingStatus.NOT_SERVING : status2;
  const reported = (service) => {
    const status2 = declared.get(service);
    return status2 === void 0 ? void 0 : effective(status2);
  };
  const notifying = (change) => {
    const before = new Map([...listeners.keys()].map((service) => [service, reported(service)]));
    change();
    for (const [service, previous] of before) {
      const current = reported(service) ?? ServingStatus.SERVICE_UNKNOWN;
      if (current === (previous ?? ServingStatus.SERVICE_UNKNOWN)) continue;
      for (const listener of [...listeners.get(service) ?? []]) listener(current);
    }
  };
  return {
    setStatus(service, status2) {
      notifying(() => declared.set(service, status2));
    },
    getStatus: reported,
    list() {
      return new Map([...declared].map(([service, status2]) => [service, effective(status2)]));
    },
    setAllNotServing() {
      notifying(() => draining = true);
    },
    resume() {
      notifying(() => draining = false);
    },
    get draining() {
      return draining;
    },
    maxListedServices: options.maxListedServices ?? 100,
    watch(service, listener) {
      let set = listeners.get(service);
      if (set === void 0) {
        set = /* @__PURE__ */ new Set();
        listeners.set(service, set);
      }
      set.add(listener);
      listener(reported(service) ?? ServingStatus.SERVICE_UNKNOWN);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(service) === set) listeners.delete(service);
      };
    }
  };
}

// libs/grpc-health/src/health-connect.ts
import { create as create3 } from "@bufbuild/protobuf";
import { ConnectError as ConnectError3 } from "@connectrpc/connect";

// libs/grpc-status/src/grpc-status.ts
import { Code as Code3 } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
var GrpcStatus2 = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16
};
var names = Object.keys(GrpcStatus2);
function isGrpcStatusCode(code) {
  return Number.isInteger(code) && code >= 0 && code < names.length;
}
function grpcStatusName(code) {
  return isGrpcStatusCode(code) ? names[code] ?? `CODE_${code}` : `CODE_${code}`;
}
function connectMemberName(name) {
  if (name === "CANCELLED") return "Canceled";
  return name.toLowerCase().replace(
    /(^|_)([a-z])/g,
    (_match, _separator, letter) => letter.toUpperCase()
  );
}
function toConnectCode(code) {
  if (!isGrpcStatusCode(code) || code === GrpcStatus2.OK) return Code3.Unknown;
  return Code3[connectMemberName(grpcStatusName(code))];
}
function toGrpcJsStatus(code) {
  if (!isGrpcStatusCode(code)) return grpc.status.UNKNOWN;
  return grpc.status[grpcStatusName(code)];
}

// libs/grpc-health/src/health-answers.ts
var describe2 = (service) => service === "" ? "the server" : `service "${service}"`;
function answerCheck(health, service) {
  return health.getStatus(service) ?? { code: GrpcStatus2.NOT_FOUND, message: `unknown service "${service}"` };
}
function answerList(health) {
  const statuses = health.list();
  if (statuses.size > health.maxListedServices) {
    return {
      code: GrpcStatus2.RESOURCE_EXHAUSTED,
      message: `${statuses.size} services exceed the list limit of ${health.maxListedServices}`
    };
  }
  return statuses;
}
function answerProbe(health, service) {
  const status2 = health.getStatus(service);
  if (status2 === void 0) return { code: GrpcStatus2.NOT_FOUND, message: `unknown service "${service}"` };
  if (status2 === ServingStatus.SERVING) return void 0;
  return { code: GrpcStatus2.UNAVAILABLE, message: `${describe2(service)} is ${ServingStatus[status2]}` };
}
function isHealthFailure(answer) {
  return typeof answer === "object" && answer !== null && "code" in answer && "message" in answer;
}

// libs/grpc-health/src/health-connect.ts
function toConnectError(failure) {
  return new ConnectError3(failure.message, toConnectCode(failure.code));
}
async function* watchStatuses(health, service, signal) {
  const pending = [];
  let wake;
  const unsubscribe = health.watch(service, (status2) => {
    pending.push(status2);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort);
  try {
    while (!signal.aborted) {
      const status2 = pending.shift();
      if (status2 === void 0) {
        await new Promise((resolve) => wake = resolve);
        wake = void 0;
        continue;
      }
      yield create3(HealthCheckResponseSchema, { status: status2 });
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    unsubscribe();
  }
}
function registerHealthConnect(router, health) {
  router.service(Health, {
    check(request) {
      const answer = answerCheck(health, request.service);
      if (isHealthFailure(answer)) throw toConnectError(answer);
      return { status: answer };
    },
    list() {
      const answer = answerList(health);
      if (isHealthFailure(answer)) throw toConnectError(answer);
      return {
        statuses: Object.fromEntries(
          [...answer].map(([service, status2]) => [service, create3(HealthCheckResponseSchema, { status: status2 })])
        )
      };
    },
    watch(request, context4) {
      return watchStatuses(health, request.service, context4.signal);
    }
  });
  router.service(LoadBalancerProbe, {
    check(request) {
      const failure = answerProbe(health, request.service);
      if (failure) throw toConnectError(failure);
      return {};
    }
  });
}

// libs/grpc-health/src/health-grpc-js.ts
import { create as create4 } from "@bufbuild/protobuf";
import "@grpc/grpc-js";
function toServiceError(failure) {
  return { code: toGrpcJsStatus(failure.code), details: failure.message };
}
function addHealthToGrpcJsServer(server, health) {
  addBufServiceToGrpcJsServer(server, Health, {
    check(call, callback) {
      const answer = answerCheck(health, call.request.service);
      if (isHealthFailure(answer)) callback(toServiceError(answer));
      else callback(null, { status: answer });
    },
    list(_call, callback) {
      const answer = answerList(health);
      if (isHealthFailure(answer)) {
        callback(toServiceError(answer));
        return;
      }
      callback(null, {
        statuses: Object.fromEntries(
          [...answer].map(([service, status2]) => [service, create4(HealthCheckResponseSchema, { status: status2 })])
        )
      });
    },
    watch(call) {
      const unsubscribe = health.watch(call.request.service, (status2) => {
        call.write({ status: status2 });
      });
      call.once("cancelled", unsubscribe);
      call.once("close", unsubscribe);
    }
  });
  addBufServiceToGrpcJsServer(server, LoadBalancerProbe, {
    check(call, callback) {
      const failure = answerProbe(health, call.request.service);
      if (failure) callback(toServiceError(failure));
      else callback(null, {});
    }
  });
}

// libs/grpc-health/src/health-names.ts
var healthServiceNames = [
  "grpc.health.v1.Health",
  "switchyard.health.v1.LoadBalancerProbe"
];

// libs/grpc-reflection/src/reflection-responder.ts
import {
  create as create5,
  toBinary
} from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
var NOT_FOUND = 5;
var INVALID_ARGUMENT = 3;
function buildSymbolIndex(registry) {
  const files = /* @__PURE__ */ new Map();
  const extensions = /* @__PURE__ */ new Map();
  for (const desc of registry) {
    files.set(desc.typeName, desc.file);
    switch (desc.kind) {
      case "message":
        for (const field of desc.fields) files.set(`${desc.typeName}.${field.name}`, desc.file);
        for (const oneof of desc.oneofs) files.set(`${desc.typeName}.${oneof.name}`, desc.file);
        break;
      case "enum": {
        const scope = desc.parent?.typeName ?? desc.file.proto.package;
        for (const value of desc.values)
          files.set(scope === "" ? value.name : `${scope}.${value.name}`, desc.file);
        break;
      }
      case "service":
        for (const method of desc.methods) files.set(`${desc.typeName}.${method.name}`, desc.file);
        break;
      case "extension": {
        const list = extensions.get(desc.extendee.typeName) ?? [];
        list.push(desc);
        extensions.set(desc.extendee.typeName, list);
        break;
      }
    }
  }
  return { files, extensions };
}
var indexes = /* @__PURE__ */ new WeakMap();
function symbolIndex(registry) {
  let index = indexes.get(registry);
  if (index === void 0) {
    index = buildSymbolIndex(registry);
    indexes.set(registry, index);
  }
  return index;
}
function createReflectionStreamResponder(options) {
  const { registry } = options;
  const sent = /* @__PURE__ */ new Set();
  const withDependencies = (file) => {
    const encoded = [];
    const queue = [file];
    const visited = /* @__PURE__ */ new Set();
    for (let current = queue.shift(); current !== void 0; current = queue.shift()) {
      if (visited.has(current.proto.name)) continue;
      visited.add(current.proto.name);
      if (encoded.length === 0 || !sent.has(current.proto.name)) {
        sent.add(current.proto.name);
        encoded.push(toBinary(FileDescriptorProtoSchema, current.proto));
      }
      queue.push(...current.dependencies);
    }
    return encoded;
  };
  const respond = (request, messageResponse) => create5(ServerReflectionResponseSchema, {
    validHost: request.host,
    originalRequest: request,
    messageResponse
  });
  const fileResponse = (request, file) => respond(request, {
    case: "fileDescriptorResponse",
    value: { fileDescriptorProto: withDependencies(file) }
  });
  const errorResponse = (request, errorCode, errorMessage) => respond(request, { case: "errorResponse", value: { errorCode, errorMessage } });
  return (request) => {
    const message = request.messageRequest;
    switch (message.case) {
      case "listServices": {
        const names2 = typeof options.serviceNames === "function" ? options.serviceNames() : options.serviceNames;
        return respond(request, {
          case: "listServicesResponse",
          value: { service: names2.map((name) => ({ name })) }
        });
      }
      case "fileByFilename": {
        const file = registry.getFile(message.value);
        return file ? fileResponse(request, file) : errorResponse(request, NOT_FOUND, `file "${message.value}" not found`);
      }
      case "fileContainingSymbol": {
        const file = symbolIndex(registry).files.get(message.value.replace(/^\./, ""));
        return file ? fileResponse(request, file) : errorResponse(request, NOT_FOUND, `symbol "${message.value}" not found`);
      }
      case "fileContainingExtension": {
        const { containingType, extensionNumber } = message.value;
        const extension = symbolIndex(registry).extensions.get(containingType)?.find((candidate) => candidate.number === extensionNumber);
        return extension ? fileResponse(request, extension.file) : errorResponse(
          request,
          NOT_FOUND,
          `extension ${extensionNumber} of "${containingType}" not found`
        );
      }
      case "allExtensionNumbersOfType": {
        if (registry.getMessage(message.value) === void 0) {
          return errorResponse(request, NOT_FOUND, `message "${message.value}" not found`);
        }
        const numbers = (symbolIndex(registry).extensions.get(message.value) ?? []).map((ext) => ext.number);
        return respond(request, {
          case: "allExtensionNumbersResponse",
          value: { baseTypeName: message.value, extensionNumber: numbers.sort((a, b) => a - b) }
        });
      }
      case void 0:
        return errorResponse(request, INVALID_ARGUMENT, "the request names no reflection query");
    }
  };
}

// libs/grpc-reflection/src/reflection-versions.ts
import { fromBinary, toBinary as toBinary2 } from "@bufbuild/protobuf";
function v1RequestOf(request) {
  return fromBinary(ServerReflectionRequestSchema, toBinary2(ServerReflectionRequestSchema2, request));
}
function v1alphaResponseOf(response) {
  return fromBinary(ServerReflectionResponseSchema2, toBinary2(ServerReflectionResponseSchema, response));
}

// libs/grpc-reflection/src/reflection-connect.ts
function registerReflectionConnect(router, options) {
  router.service(ServerReflection, {
    async *serverReflectionInfo(requests) {
      const respond = createReflectionStreamResponder(options);
      for await (const request of requests) yield respond(request);
    }
  });
  router.service(ServerReflection2, {
    async *serverReflectionInfo(requests) {
      const respond = createReflectionStreamResponder(options);
      for await (const request of requests) yield v1alphaResponseOf(respond(v1RequestOf(request)));
    }
  });
}

// libs/grpc-reflection/src/reflection-grpc-js.ts
function serveBidi(call, answer) {
  call.on("data", (request) => {
    call.write(answer(request));
  });
  call.on("end", () => {
    call.end();
  });
}
function addReflectionToGrpcJsServer(server, options) {
  addBufServiceToGrpcJsServer(server, ServerReflection, {
    serverReflectionInfo(call) {
      const respond = createReflectionStreamResponder(options);
      serveBidi(call, (request) => respond(request));
    }
  });
  addBufServiceToGrpcJsServer(server, ServerReflection2, {
    serverReflectionInfo(call) {
      const respond = createReflectionStreamResponder(options);
      serveBidi(call, (request) => v1alphaResponseOf(respond(v1RequestOf(request))));
    }
  });
}

// libs/grpc-reflection/src/reflection-names.ts
var reflectionServiceNames = [
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection"
];

// libs/service-runtime/src/in-flight-calls.ts
var shedCallMessage = "server overloaded: too many calls in flight";
function createInFlightCalls(limit) {
  let count = 0;
  let shedCount = 0;
  let idleWaiters = [];
  return {
    get count() {
      return count;
    },
    get shedCount() {
      return shedCount;
    },
    tryAdmit() {
      if (limit > 0 && count >= limit) {
        shedCount++;
        return void 0;
      }
      count++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        count--;
        if (count === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      };
    },
    whenIdle() {
      if (count === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    }
  };
}

// libs/service-runtime/src/runtime-metrics.ts
import { metrics as metrics2 } from "@opentelemetry/api";
var runtimeMetricNames = {
  draining: "switchyard.server.draining",
  inFlightCalls: "switchyard.server.in_flight_calls",
  shedCalls: "switchyard.server.shed_calls"
};
function observeRuntimeState(serviceName, health, inFlight) {
  const meter = metrics2.getMeter("@switchyard/service-runtime");
  const draining = meter.createObservableGauge(runtimeMetricNames.draining, {
    description: "1 while the server drains (NOT_SERVING, finishing calls in flight), else 0."
  });
  const inFlightCalls = meter.createObservableGauge(runtimeMetricNames.inFlightCalls, {
    unit: "{call}",
    description: "Calls admitted and not yet finished; load shedding starts at MAX_IN_FLIGHT_CALLS."
  });
  const shedCalls = meter.createObservableCounter(runtimeMetricNames.shedCalls, {
    unit: "{call}",
    description: "Calls answered RESOURCE_EXHAUSTED by load shedding."
  });
  const attributes = { "service.component": serviceName };
  const observe = (result) => {
    result.observe(draining, health.draining ? 1 : 0, attributes);
    result.observe(inFlightCalls, inFlight.count, attributes);
    result.observe(shedCalls, inFlight.shedCount, attributes);
  };
  meter.addBatchObservableCallback(observe, [draining, inFlightCalls, shedCalls]);
  return () => {
    meter.removeBatchObservableCallback(observe, [draining, inFlightCalls, shedCalls]);
  };
}

// libs/service-runtime/src/service-drain.ts
import { setTimeout as delay } from "node:timers/promises";
var settleMs = 50;
function createServiceDrain(steps) {
  let resolveClosed;
  const closed = new Promise((resolve) => resolveClosed = resolve);
  let draining;
  let forcing;
  const abortDelay = new AbortController();
  const forceClose = () => {
    forcing ??= (async () => {
      abortDelay.abort();
      await steps.force();
      resolveClosed();
    })();
    return forcing;
  };
  const shutdown = (reason) => {
    draining ??= (async () => {
      const started = performance.now();
      steps.health.setAllNotServing();
      steps.logger.info(
        {
          reason,
          drainDelayMs: steps.drainDelayMs,
          drainGraceMs: steps.drainGraceMs,
          inFlight: steps.inFlight.count
        },
        "draining: reporting NOT_SERVING, still serving"
      );
      try {
        await delay(steps.drainDelayMs, void 0, { signal: abortDelay.signal });
      } catch {
        await closed;
        return;
      }
      steps.logger.info(
        { inFlight: steps.inFlight.count },
        "draining: sending GOAWAY, then waiting for calls in flight"
      );
      const graceTimer = new AbortController();
      const finished = await Promise.race([
        steps.goaway().then(
          () => Promise.race([steps.connectionsClosed(), steps.inFlight.whenIdle().then(() => delay(settleMs))])
        ).then(() => true),
        delay(steps.drainGraceMs, false, { signal: graceTimer.signal }).catch(() => false),
        closed.then(() => true)
      ]);
      graceTimer.abort();
      if (!finished) {
        steps.logger.warn(
          { inFlight: steps.inFlight.count },
          "drain grace period over: cancelling calls in flight"
        );
      }
      await forceClose();
      steps.logger.info({ durationMs: Math.round(performance.now() - started) }, "stopped");
    })();
    return draining;
  };
  return { shutdown, forceClose, closed };
}

// libs/service-runtime/src/running-service.ts
function prepareService(options) {
  const config = options.config ?? loadServiceConfig();
  const logger = options.logger ?? createServiceLogger({ name: options.name, instanceId: config.instanceId, level: config.logLevel });
  const health = createHealthService();
  const serviceNames = options.services.map(({ service }) => service.typeName);
  for (const serviceName of serviceNames) health.setStatus(serviceName, ServingStatus.NOT_SERVING);
  const inFlight = createInFlightCalls(config.maxInFlightCalls);
  const authConfig = options.auth === void 0 ? loadAuthConfig() : options.auth === "off" ? void 0 : options.auth;
  if (authConfig === void 0) {
    logger.warn("AUTH_ISSUER is not set: every method is callable without a token");
  }
  return {
    authorize: createCallAuthorizer(authConfig),
    name: options.name,
    ...options.readiness === void 0 ? {} : { readiness: options.readiness },
    config,
    logger,
    health,
    serviceNames,
    inFlight,
    reflection: {
      registry: options.registry ?? protoRegistry,
      serviceNames: [...serviceNames, ...healthServiceNames, ...reflectionServiceNames]
    },
    createDrain: (steps) => createServiceDrain({
      ...steps,
      health,
      logger,
      inFlight,
      drainDelayMs: config.drainDelayMs,
      drainGraceMs: config.drainGraceMs
    }),
    urlOf: (port) => `${config.tls === void 0 ? "http" : "https"}://${bracketedHost(config.host)}:${port}`
  };
}
function bracketedHost(host) {
  return host.includes(":") ? `[${host}]` : host;
}
async function readTlsKeyPair(config) {
  if (config.tls === void 0) return void 0;
  const [cert, key] = await Promise.all([readFile(config.tls.certFile), readFile(config.tls.keyFile)]);
  return { cert, key };
}
async function finishStartUp(prepared, service) {
  const { health, logger, config, serviceNames } = prepared;
  const { drain } = service;
  const url = prepared.urlOf(service.port);
  try {
    await prepared.readiness?.(health);
  } catch (error) {
    logger.error({ err: error }, "readiness check failed; stopping");
    await drain.forceClose();
    throw error;
  }
  health.setStatus("", ServingStatus.SERVING);
  for (const serviceName of serviceNames) health.setStatus(serviceName, ServingStatus.SERVING);
  const stopObserving = observeRuntimeState(prepared.name, health, prepared.inFlight);
  void drain.closed.then(stopObserving);
  logger.info({ url, services: serviceNames, stack: service.stack }, "serving");
  return {
    name: prepared.name,
    stack: service.stack,
    port: service.port,
    url,
    instanceId: config.instanceId,
    config,
    health,
    logger,
    shutdown: (reason = "shutdown requested") => drain.shutdown(reason),
    forceClose: () => drain.forceClose(),
    closed: drain.closed
  };
}
var servedByHeader = "x-served-by";

// libs/service-runtime/src/call-deadline.ts
function effectiveTimeoutMs(method, requestedMs, policy2) {
  if (method.methodKind !== "unary") return requestedMs;
  return Math.min(requestedMs ?? policy2.defaultDeadlineMs, policy2.maxDeadlineMs);
}
function requestWaitMs(requestedMs, policy2) {
  return Math.min(requestedMs ?? policy2.defaultDeadlineMs, policy2.maxDeadlineMs);
}
var grpcTimeoutUnitsMs = {
  H: 36e5,
  M: 6e4,
  S: 1e3,
  m: 1,
  u: 1e-3,
  n: 1e-6
};
function parseGrpcTimeoutMs(value) {
  if (value === null) return void 0;
  const match = /^(\d{1,8})([HMSmun])$/.exec(value);
  if (match?.[1] === void 0 || match[2] === void 0) return void 0;
  return Number(match[1]) * (grpcTimeoutUnitsMs[match[2]] ?? 1);
}

// libs/service-runtime/src/request-validation.ts
import { create as create6 } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator } from "@bufbuild/protovalidate";
import { Code as Code4, ConnectError as ConnectError4 } from "@connectrpc/connect";
function createRequestValidator() {
  const validator = createValidator();
  return {
    check(schema, message) {
      const result = validator.validate(schema, message);
      switch (result.kind) {
        case "valid":
          return void 0;
        case "invalid": {
          const badRequest = create6(BadRequestSchema, {
            fieldViolations: result.violations.map((violation) => ({
              field: pathToString(violation.field),
              description: violation.message,
              reason: violation.ruleId
            }))
          });
          const summary = result.violations.map((violation) => violation.toString()).join("; ");
          return new ConnectError4(`invalid ${schema.name}: ${summary}`, Code4.InvalidArgument, void 0, [
            { desc: BadRequestSchema, value: badRequest }
          ]);
        }
        case "error":
          return new ConnectError4("internal error", Code4.Internal, void 0, void 0, result.error);
      }
    }
  };
}

// libs/service-runtime/src/trace-context.ts
import { isSpanContextValid, trace as trace4 } from "@opentelemetry/api";
function traceIdFromTraceparent(traceparent) {
  if (traceparent == null) return void 0;
  const match = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent.trim());
  const traceId = match?.[1];
  return traceId === void 0 || /^0+$/.test(traceId) ? void 0 : traceId;
}
function callTraceIds(traceparent) {
  const spanContext = trace4.getActiveSpan()?.spanContext();
  if (spanContext !== void 0 && isSpanContextValid(spanContext)) {
    return { traceId: spanContext.traceId, spanId: spanContext.spanId };
  }
  const traceId = traceIdFromTraceparent(traceparent);
  return traceId === void 0 ? {} : { traceId };
}

// libs/service-runtime/src/platform-calls.ts
var platformPrefixes = [...healthServiceNames, ...reflectionServiceNames].map((name) => `/${name}/`);
function isPlatformCall(path) {
  return platformPrefixes.some((prefix) => path.startsWith(prefix));
}

// libs/service-runtime/src/http2-session-tracker.ts
import {
  constants
} from "node:http2";
var finalGoawayCapMs = 250;
function gracefulGoaway(session) {
  return new Promise((resolve) => {
    if (session.closed || session.destroyed) {
      resolve();
      return;
    }
    const finalGoaway = () => {
      clearTimeout(cap);
      if (!session.closed && !session.destroyed) session.close();
      resolve();
    };
    const cap = setTimeout(finalGoaway, finalGoawayCapMs);
    cap.unref();
    const ping = (then) => {
      if (session.closed || session.destroyed || !session.ping(() => {
        then();
      }))
        finalGoaway();
    };
    try {
      session.goaway(constants.NGHTTP2_NO_ERROR, 2 ** 31 - 1);
    } catch {
      finalGoaway();
      return;
    }
    ping(() => {
      ping(finalGoaway);
    });
  });
}
function trackHttp2Sessions(server, options) {
  const sessions = /* @__PURE__ */ new Set();
  const random = options.random ?? Math.random;
  let closing = false;
  const closeWithin = (session, graceMs) => {
    void gracefulGoaway(session);
    const timer = setTimeout(() => {
      if (!session.destroyed) session.destroy();
    }, graceMs);
    timer.unref();
    session.once("close", () => {
      clearTimeout(timer);
    });
  };
  server.on("session", (session) => {
    sessions.add(session);
    const timers = [];
    session.once("close", () => {
      sessions.delete(session);
      for (const timer of timers) clearTimeout(timer);
    });
    if (closing) {
      void gracefulGoaway(session);
      return;
    }
    if (options.maxConnectionAgeMs > 0) {
      const ageMs = options.maxConnectionAgeMs * (0.9 + 0.2 * random());
      const timer = setTimeout(() => {
        closeWithin(session, options.maxConnectionAgeGraceMs);
      }, ageMs);
      timer.unref();
      timers.push(timer);
    }
    if (options.idleTimeoutMs > 0) {
      let openStreams = 0;
      let idleTimer;
      const armIdleTimer = () => {
        idleTimer = setTimeout(() => {
          void gracefulGoaway(session);
        }, options.idleTimeoutMs);
        idleTimer.unref();
      };
      armIdleTimer();
      session.on("stream", (stream) => {
        openStreams++;
        clearTimeout(idleTimer);
        stream.once("close", () => {
          openStreams--;
          if (openStreams === 0 && !session.closed) armIdleTimer();
        });
      });
      session.once("close", () => {
        clearTimeout(idleTimer);
      });
    }
  });
  return {
    get size() {
      return sessions.size;
    },
    goawayAll() {
      closing = true;
      return Promise.all([...sessions].map(gracefulGoaway)).then(() => void 0);
    },
    allClosed() {
      const closed = [...sessions].map(
        (session) => new Promise((resolve) => {
          if (session.destroyed) resolve();
          else
            session.once("close", () => {
              resolve();
            });
        })
      );
      return Promise.all(closed).then(() => void 0);
    },
    destroyAll() {
      for (const session of sessions) session.destroy();
    }
  };
}

export {
  ServiceConfigError,
  envValue,
  envInteger,
  envString,
  envOptionalString,
  parseEnvironment,
  logLevels,
  loadServiceConfig,
  StatusSchema,
  Health,
  loadAuthConfig,
  createCallAuthorizer,
  createServiceLogger,
  createConnectServerTelemetryInterceptor,
  createGrpcJsServerTelemetryInterceptor,
  runServiceMain,
  grpcStatusName,
  registerHealthConnect,
  addHealthToGrpcJsServer,
  registerReflectionConnect,
  addReflectionToGrpcJsServer,
  shedCallMessage,
  createInFlightCalls,
  runtimeMetricNames,
  createServiceDrain,
  prepareService,
  bracketedHost,
  readTlsKeyPair,
  finishStartUp,
  servedByHeader,
  effectiveTimeoutMs,
  requestWaitMs,
  parseGrpcTimeoutMs,
  createRequestValidator,
  traceIdFromTraceparent,
  callTraceIds,
  isPlatformCall,
  finalGoawayCapMs,
  gracefulGoaway,
  trackHttp2Sessions
};
