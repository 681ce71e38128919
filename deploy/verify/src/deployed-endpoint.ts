import type { GrpcEndpoint } from "@switchyard/grpc-wire";

/** A deployed endpoint to verify, or why there is none. */
export type DeployedEndpointSetting =
  | { readonly configured: true; readonly endpoint: GrpcEndpoint }
  | { readonly configured: false; readonly reason: string };

/**
 * Reads the endpoint of a deployed platform from the environment:
 * `SWITCHYARD_ENDPOINT` (`host`, `host:port` or `https://host[:port]`; port 443
 * by default; TLS always, since ALB gRPC listeners are HTTPS-only),
 * `SWITCHYARD_TLS_SERVERNAME` (SNI and certificate name when the endpoint is an
 * address or the ALB's own DNS name) and `SWITCHYARD_TLS_INSECURE=true` (skip
 * certificate verification, for a test certificate).
 */
export function readDeployedEndpoint(
  env: Readonly<Record<string, string | undefined>> = process.env,
): DeployedEndpointSetting {
  const raw = env["SWITCHYARD_ENDPOINT"]?.trim() ?? "";
  if (raw === "") {
    return { configured: false, reason: "SWITCHYARD_ENDPOINT is not set: no deployed endpoint to verify" };
  }
  if (raw.startsWith("http://")) {
    throw new Error("SWITCHYARD_ENDPOINT must be HTTPS: ALB gRPC listeners accept only HTTPS");
  }
  const url = new URL(raw.startsWith("https://") ? raw : `https://${raw}`);
  const servername = env["SWITCHYARD_TLS_SERVERNAME"]?.trim() ?? "";
  return {
    configured: true,
    endpoint: {
      url: url.origin,
      ...(servername === "" ? {} : { servername }),
      insecure: env["SWITCHYARD_TLS_INSECURE"] === "true",
    },
  };
}
