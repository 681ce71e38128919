import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  fileDesc,
  messageDesc
} from "./chunk-2ADPCLTS.js";

// node_modules/@bufbuild/protobuf/dist/esm/codegenv2/service.js
function serviceDesc(file, path, ...paths) {
  if (paths.length > 0) {
    throw new Error();
  }
  return file.services[path];
}

// libs/proto/src/gen/switchyard/testing/v1/echo_service_pb.ts
var file_switchyard_testing_v1_echo_service = /* @__PURE__ */ fileDesc("Cihzd2l0Y2h5YXJkL3Rlc3RpbmcvdjEvZWNob19zZXJ2aWNlLnByb3RvEhVzd2l0Y2h5YXJkLnRlc3RpbmcudjEiMAoLRWNob1JlcXVlc3QSDwoHbWVzc2FnZRgBIAEoCRIQCghkZWxheV9tcxgCIAEoDSIfCgxFY2hvUmVzcG9uc2USDwoHbWVzc2FnZRgBIAEoCSJKChNTZXJ2ZXJTdHJlYW1SZXF1ZXN0Eg8KB21lc3NhZ2UYASABKAkSDQoFY291bnQYAiABKA0SEwoLaW50ZXJ2YWxfbXMYAyABKA0iNgoUU2VydmVyU3RyZWFtUmVzcG9uc2USDwoHbWVzc2FnZRgBIAEoCRINCgVpbmRleBgCIAEoDSImChNDbGllbnRTdHJlYW1SZXF1ZXN0Eg8KB21lc3NhZ2UYASABKAkiKAoUQ2xpZW50U3RyZWFtUmVzcG9uc2USEAoIbWVzc2FnZXMYASADKAkiJAoRQmlkaVN0cmVhbVJlcXVlc3QSDwoHbWVzc2FnZRgBIAEoCSI0ChJCaWRpU3RyZWFtUmVzcG9uc2USDwoHbWVzc2FnZRgBIAEoCRINCgVpbmRleBgCIAEoDTKbAwoLRWNob1NlcnZpY2USTwoERWNobxIiLnN3aXRjaHlhcmQudGVzdGluZy52MS5FY2hvUmVxdWVzdBojLnN3aXRjaHlhcmQudGVzdGluZy52MS5FY2hvUmVzcG9uc2USaQoMU2VydmVyU3RyZWFtEiouc3dpdGNoeWFyZC50ZXN0aW5nLnYxLlNlcnZlclN0cmVhbVJlcXVlc3QaKy5zd2l0Y2h5YXJkLnRlc3RpbmcudjEuU2VydmVyU3RyZWFtUmVzcG9uc2UwARJpCgxDbGllbnRTdHJlYW0SKi5zd2l0Y2h5YXJkLnRlc3RpbmcudjEuQ2xpZW50U3RyZWFtUmVxdWVzdBorLnN3aXRjaHlhcmQudGVzdGluZy52MS5DbGllbnRTdHJlYW1SZXNwb25zZSgBEmUKCkJpZGlTdHJlYW0SKC5zd2l0Y2h5YXJkLnRlc3RpbmcudjEuQmlkaVN0cmVhbVJlcXVlc3QaKS5zd2l0Y2h5YXJkLnRlc3RpbmcudjEuQmlkaVN0cmVhbVJlc3BvbnNlKAEwAWIGcHJvdG8z");
var EchoRequestSchema = /* @__PURE__ */ messageDesc(file_switchyard_testing_v1_echo_service, 0);
var EchoResponseSchema = /* @__PURE__ */ messageDesc(file_switchyard_testing_v1_echo_service, 1);
var ServerStreamRequestSchema = /* @__PURE__ */ messageDesc(file_switchyard_testing_v1_echo_service, 2);
var ServerStreamResponseSchema = /* @__PURE__ */ messageDesc(file_switchyard_testing_v1_echo_service, 3);
var ClientStreamRequestSchema = /* @__PURE__ */ messageDesc(file_switchyard_testing_v1_echo_service, 4);
var ClientStreamResponseSchema = /* @__PURE__ */ messageDesc(file_switchyard_testing_v1_echo_service, 5);
var BidiStreamRequestSchema = /* @__PURE__ */ messageDesc(file_switchyard_testing_v1_echo_service, 6);
var BidiStreamResponseSchema = /* @__PURE__ */ messageDesc(file_switchyard_testing_v1_echo_service, 7);
var EchoService = /* @__PURE__ */ serviceDesc(file_switchyard_testing_v1_echo_service, 0);

export {
  serviceDesc,
  file_switchyard_testing_v1_echo_service,
  EchoRequestSchema,
  EchoResponseSchema,
  ServerStreamRequestSchema,
  ServerStreamResponseSchema,
  ClientStreamRequestSchema,
  ClientStreamResponseSchema,
  BidiStreamRequestSchema,
  BidiStreamResponseSchema,
  EchoService
};
