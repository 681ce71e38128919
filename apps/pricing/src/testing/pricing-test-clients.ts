import type { MessageInitShape } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { credentials } from "@grpc/grpc-js";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { createPushIterable } from "@switchyard/testing";
import {
  PricingService,
  type EditCartRequestSchema,
  type EditCartResponse,
  type QuoteRequestSchema,
  type QuoteResponse,
} from "@switchyard/proto/switchyard/pricing/v1/pricing_service";

/** Per-call options both client stacks understand. */
export interface TestCallOptions {
  /** Deadline from now, in milliseconds. */
  readonly timeoutMs?: number;
  /** Cancels the call. */
  readonly signal?: AbortSignal;
}

/** An open EditCart call: send edits, read quotes. */
export interface EditCartSession {
  /** Sends one edit. */
  send(request: MessageInitShape<typeof EditCartRequestSchema>): void;
  /** Half-closes: no more edits. */
  end(): void;
  /** The server's answers, in order; throws the call's error. */
  readonly responses: AsyncIterator<EditCartResponse>;
}

/** The pricing methods, called through one client stack. */
export interface PricingTestClient {
  /** "connect" or "grpc-js", for test names. */
  readonly stack: string;
  quote(
    request: MessageInitShape<typeof QuoteRequestSchema>,
    options?: TestCallOptions,
  ): Promise<QuoteResponse>;
  editCart(options?: TestCallOptions): EditCartSession;
  /** Releases the client's connections. */
  close(): void;
}

/** A pricing client on `@connectrpc/connect-node`'s gRPC transport. */
export function createConnectPricingClient(baseUrl: string): PricingTestClient {
  const client = createClient(PricingService, createGrpcTransport({ baseUrl }));
  return {
    stack: "connect",
    quote: (request, options) => client.quote(request, options),
    editCart(options) {
      const requests = createPushIterable<MessageInitShape<typeof EditCartRequestSchema>>();
      const responses = client.editCart(requests.iterable, options)[Symbol.asyncIterator]();
      return {
        send: (request) => {
          requests.push(request);
        },
        end: () => {
          requests.end();
        },
        responses,
      };
    },
    close: () => undefined,
  };
}

function grpcJsOptions(options: TestCallOptions | undefined) {
  return {
    ...(options?.timeoutMs !== undefined && { deadline: Date.now() + options.timeoutMs }),
    ...(options?.signal !== undefined && { signal: options.signal }),
  };
}

/** A pricing client on `@grpc/grpc-js`, through the grpc-js adapter. */
export function createGrpcJsPricingClient(address: string): PricingTestClient {
  const client = createGrpcJsClient(PricingService, address, credentials.createInsecure());
  return {
    stack: "grpc-js",
    quote: (request, options) => client.quote(request, grpcJsOptions(options)),
    editCart(options) {
      const call = client.editCart(grpcJsOptions(options));
      return {
        send: (request) => {
          call.write(request);
        },
        end: () => {
          call.end();
        },
        responses: (call as AsyncIterable<EditCartResponse>)[Symbol.asyncIterator](),
      };
    },
    close: () => {
      client.close();
    },
  };
}
