/**
 * `grpc-message` as the gRPC HTTP/2 spec encodes it: UTF-8, with every byte
 * outside printable ASCII (0x20–0x7E) and `%` itself percent-encoded.
 *
 * connect-node encodes with `encodeURIComponent`, which also escapes printable
 * characters such as `:`, `,` and `;`; grpc-js decodes with `decodeURI`, which
 * leaves those escaped, so a grpc-js client would read "unavailable%3A …".
 * Spec encoding reads back exactly in every gRPC implementation.
 */
export function encodeGrpcMessage(message: string): string {
  let encoded = "";
  for (const byte of new TextEncoder().encode(message)) {
    encoded +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return encoded;
}

/** Decodes a percent-encoded `grpc-message`; malformed escapes are kept as they are. */
export function decodeGrpcMessage(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Re-encodes the `grpc-message` field of `fields`, if any, to the spec's encoding. */
export function normalizeGrpcMessage(fields: Headers): void {
  const value = fields.get("grpc-message");
  if (value !== null) fields.set("grpc-message", encodeGrpcMessage(decodeGrpcMessage(value)));
}
