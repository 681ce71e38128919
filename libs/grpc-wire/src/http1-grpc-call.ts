import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { grpcFrame } from "./grpc-frame.js";

/** How a gRPC request sent over HTTP/1.1 ended. */
export interface Http1GrpcOutcome {
  /** HTTP status of the response; undefined when no HTTP/1.1 response came back. */
  readonly httpStatus: number | undefined;
  /** grpc-status from the response headers or trailers; undefined when absent. */
  readonly grpcStatus: number | undefined;
  /** Response headers; undefined when no HTTP/1.1 response came back. */
  readonly headers: IncomingHttpHeaders | undefined;
  /** Response trailers (chunked encoding only). */
  readonly trailers: Readonly<Record<string, string | undefined>>;
  /** Response body bytes received. */
  readonly bodyBytes: number;
  /**
   * Why no HTTP/1.1 response came back (an HTTP/2-only server answers with its
   * connection preface, which is no HTTP/1.1), e.g. `HPE_INVALID_CONSTANT`.
   */
  readonly error: string | undefined;
}

/** Options for {@link sendHttp1GrpcCall}. */
export interface Http1GrpcCallOptions {
  /** The request message, framed as one gRPC message; default empty. */
  readonly message?: Uint8Array;
  /** Request headers on top of `content-type: application/grpc` and `te: trailers`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Give up after this long. Default 10 000 ms. */
  readonly timeoutMs?: number;
}

/**
 * Sends one gRPC request the way a careless client would, over HTTP/1.1 to `url`
 * (`http://host:port`), and reports what came back: the HTTP status and headers, a
 * grpc-status from headers or trailers, or why no HTTP/1.1 response arrived.
 */
export function sendHttp1GrpcCall(
  url: string,
  path: string,
  options: Http1GrpcCallOptions = {},
): Promise<Http1GrpcOutcome> {
  const body = grpcFrame(options.message ?? new Uint8Array());
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Http1GrpcOutcome): void => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const failed = (error: string): Http1GrpcOutcome => ({
      httpStatus: undefined,
      grpcStatus: undefined,
      headers: undefined,
      trailers: {},
      bodyBytes: 0,
      error,
    });
    const request = httpRequest(
      new URL(path, url),
      {
        method: "POST",
        headers: {
          "content-type": "application/grpc",
          te: "trailers",
          "content-length": String(body.byteLength),
          ...options.headers,
        },
        agent: false,
        timeout: options.timeoutMs ?? 10_000,
      },
      (response) => {
        let bodyBytes = 0;
        response.on("data", (chunk: Buffer) => (bodyBytes += chunk.byteLength));
        response.on("error", (error) => {
          settle(failed(error.message));
        });
        response.on("end", () => {
          const status = response.trailers["grpc-status"] ?? response.headers["grpc-status"];
          settle({
            httpStatus: response.statusCode,
            grpcStatus: typeof status === "string" ? Number(status) : undefined,
            headers: response.headers,
            trailers: response.trailers,
            bodyBytes,
            error: undefined,
          });
        });
      },
    );
    request.on("timeout", () => {
      request.destroy(new Error("timed out"));
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      settle(failed(error.code ?? error.message));
    });
    request.end(body);
  });
}
