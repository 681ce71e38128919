import { credentials, type ChannelCredentials, type ChannelOptions } from "@grpc/grpc-js";
import type { GrpcTransportOptions } from "@connectrpc/connect-node";
import type { DependencyTlsMaterial } from "@switchyard/service-runtime";
import type { DependencyName } from "./dependency-call.js";

/**
 * Node.js TLS options of a connect client of `dependency`: its certificate must chain to the
 * CA and name the dependency (DNS subjectAltName `catalog`, also sent as SNI), whatever
 * address the URL holds; checkout's own certificate goes along when it has one (mutual TLS).
 */
export function connectDependencyTls(
  tls: DependencyTlsMaterial,
  dependency: DependencyName,
): NonNullable<GrpcTransportOptions["nodeOptions"]> {
  return {
    ca: tls.ca,
    servername: dependency,
    ...(tls.clientKeyPair === undefined ? {} : { cert: tls.clientKeyPair.cert, key: tls.clientKeyPair.key }),
  };
}

/**
 * grpc-js credentials and channel options of a client of `dependency`, with the same checks as
 * {@link connectDependencyTls}: the target names addresses, so the name checked in the
 * dependency's certificate is set apart (`grpc.ssl_target_name_override`).
 */
export function grpcJsDependencyTls(
  tls: DependencyTlsMaterial,
  dependency: DependencyName,
): { credentials: ChannelCredentials; channelOptions: ChannelOptions } {
  return {
    credentials: credentials.createSsl(
      tls.ca,
      tls.clientKeyPair?.key ?? null,
      tls.clientKeyPair?.cert ?? null,
    ),
    channelOptions: { "grpc.ssl_target_name_override": dependency },
  };
}
