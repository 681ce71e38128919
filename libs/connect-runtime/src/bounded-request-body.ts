import { Code, ConnectError } from "@connectrpc/connect";

/** Options for {@link boundRequestBody}. */
export interface BoundRequestBodyOptions {
  /** How long the request may take to arrive: the call's deadline, or the default one. */
  readonly waitMs: number;
  /**
   * True for streaming calls: only the first request message must arrive within
   * `waitMs`; later ones may take as long as the client likes (the stream's own
   * deadline, if any, bounds it). False for unary calls: the whole request must.
   */
  readonly firstMessageOnly: boolean;
  /**
   * True when the body is a sequence of gRPC length-prefixed messages (gRPC, gRPC-Web,
   * Connect streaming): a body that ends inside a message is INTERNAL, as grpc-go and
   * grpc-java answer a truncated frame (connect would say INVALID_ARGUMENT).
   */
  readonly framed: boolean;
}

/** Tracks where a stream of bytes is in its sequence of 5-byte-prefixed messages. */
class FrameTracker {
  #header: number[] = [];
  #remaining = 0;
  completeMessages = 0;

  /** True when the bytes so far end exactly on a message boundary. */
  get atBoundary(): boolean {
    return this.#header.length === 0 && this.#remaining === 0;
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.byteLength) {
      if (this.#remaining > 0) {
        const taken = Math.min(this.#remaining, chunk.byteLength - offset);
        this.#remaining -= taken;
        offset += taken;
        if (this.#remaining === 0) this.completeMessages++;
        continue;
      }
      this.#header.push(chunk[offset] ?? 0);
      offset++;
      if (this.#header.length === 5) {
        const [, b1 = 0, b2 = 0, b3 = 0, b4 = 0] = this.#header;
        this.#remaining = ((b1 << 24) >>> 0) + (b2 << 16) + (b3 << 8) + b4;
        this.#header = [];
        if (this.#remaining === 0) this.completeMessages++;
      }
    }
  }
}

/**
 * The request body of one call, bounded: when the request (or, for a stream, its first
 * message) has not arrived within `waitMs`, the body fails with DEADLINE_EXCEEDED, so a
 * client that sends headers and no body holds its in-flight slot only until the call's
 * deadline — the default deadline when it sent none — as grpc-js's deadline timer does.
 * connect enforces a deadline only by aborting the handler's signal, which a call still
 * waiting for its request never looks at.
 *
 * The source is not closed on expiry: the answer must still be written on the same
 * HTTP/2 stream, which the server closes once it has answered.
 */
export async function* boundRequestBody(
  body: AsyncIterable<Uint8Array>,
  options: BoundRequestBodyOptions,
): AsyncGenerator<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  const frames = new FrameTracker();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ConnectError("deadline exceeded while waiting for the request", Code.DeadlineExceeded));
    }, options.waitMs);
  });
  expired.catch(() => undefined);
  let bounded = true;
  try {
    for (;;) {
      const pending = iterator.next();
      let result: IteratorResult<Uint8Array>;
      if (bounded) {
        // Once the deadline has won, the read still pending ends with the stream.
        pending.catch(() => undefined);
        result = await Promise.race([pending, expired]);
      } else result = await pending;
      if (result.done === true) break;
      if (options.framed) frames.push(result.value);
      if (bounded && options.firstMessageOnly && frames.completeMessages > 0) {
        bounded = false;
        clearTimeout(timer);
      }
      yield result.value;
    }
  } finally {
    clearTimeout(timer);
  }
  if (options.framed && !frames.atBoundary) {
    throw new ConnectError("request ended inside a message (truncated frame)", Code.Internal);
  }
}
