import { connect, constants, type ClientHttp2Session, type IncomingHttpHeaders } from "node:http2";

/** What a raw gRPC call saw on the wire. */
export interface RawGrpcResult {
  /** The response HEADERS block. */
  readonly headers: IncomingHttpHeaders;
  /** Whether the HEADERS block ended the stream (Trailers-Only). */
  readonly headersEndedStream: boolean;
  /** The trailing HEADERS block, when there was one. */
  readonly trailers: IncomingHttpHeaders | undefined;
  /** Response body bytes. */
  readonly bodyBytes: number;
}

/** Frames `message` as one gRPC length-prefixed message. */
export function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.byteLength);
  frame.writeUInt32BE(message.byteLength, 1);
  frame.set(message, 5);
  return frame;
}

/**
 * Sends one unary gRPC call over `session` (or a new connection to `url`) with
 * node:http2 itself, so a test can read the header blocks as they were framed.
 */
export async function rawGrpcCall(
  target: string | ClientHttp2Session,
  path: string,
  message: Uint8Array,
  extraHeaders: Record<string, string> = {},
): Promise<RawGrpcResult> {
  const session = typeof target === "string" ? connect(target) : target;
  try {
    return await new Promise<RawGrpcResult>((resolve, reject) => {
      const stream = session.request({
        ":method": "POST",
        ":path": path,
        "content-type": "application/grpc",
        te: "trailers",
        ...extraHeaders,
      });
      let headers: IncomingHttpHeaders | undefined;
      let headersEndedStream = false;
      let trailers: IncomingHttpHeaders | undefined;
      let bodyBytes = 0;
      stream.on("response", (responseHeaders, flags) => {
        headers = responseHeaders;
        headersEndedStream = (flags & constants.NGHTTP2_FLAG_END_STREAM) !== 0;
      });
      stream.on("trailers", (responseTrailers: IncomingHttpHeaders) => {
        trailers = responseTrailers;
      });
      stream.on("data", (chunk: Buffer) => {
        bodyBytes += chunk.byteLength;
      });
      stream.on("error", reject);
      stream.on("close", () => {
        if (headers === undefined) {
          reject(new Error(`stream closed without response headers (code ${stream.rstCode})`));
          return;
        }
        resolve({ headers, headersEndedStream, trailers, bodyBytes });
      });
      stream.end(grpcFrame(message));
    });
  } finally {
    if (typeof target === "string") session.close();
  }
}
