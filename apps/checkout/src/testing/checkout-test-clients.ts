import { randomUUID } from "node:crypto";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { credentials, Metadata } from "@grpc/grpc-js";
import { createGrpcJsClient } from "@switchyard/grpc-js-adapter";
import { createPushIterable } from "@switchyard/testing";
import {
  CheckoutService,
  type ImportLineItemsRequestSchema,
  type ImportLineItemsResponse,
  type PlaceOrderRequestSchema,
  type PlaceOrderResponse,
} from "@switchyard/proto/switchyard/checkout/v1/checkout_service";

/** Per-call options both client stacks understand. */
export interface TestCallOptions {
  /** Deadline from now, in milliseconds. */
  readonly timeoutMs?: number;
  /** Cancels the call. */
  readonly signal?: AbortSignal;
  /** Request headers, e.g. `traceparent`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** An open ImportLineItems call. */
export interface ImportSession {
  send(request: MessageInitShape<typeof ImportLineItemsRequestSchema>): void;
  end(): void;
  readonly response: Promise<ImportLineItemsResponse>;
}

/** Checkout's methods through one client stack. */
export interface CheckoutTestClient {
  readonly stack: string;
  /** PlaceOrder; a request without `requestId` gets a fresh one, as a client does per new order. */
  placeOrder(
    request: MessageInitShape<typeof PlaceOrderRequestSchema>,
    options?: TestCallOptions,
  ): Promise<PlaceOrderResponse>;
  importLineItems(options?: TestCallOptions): ImportSession;
  close(): void;
}

/** A checkout client on connect-node's gRPC transport. */
export function createConnectCheckoutClient(baseUrl: string): CheckoutTestClient {
  const client = createClient(CheckoutService, createGrpcTransport({ baseUrl }));
  return {
    stack: "connect",
    placeOrder: (request, options) => client.placeOrder({ requestId: randomUUID(), ...request }, options),
    importLineItems(options) {
      const requests = createPushIterable<MessageInitShape<typeof ImportLineItemsRequestSchema>>();
      const response = client.importLineItems(requests.iterable, options);
      response.catch(() => undefined);
      return {
        send: (request) => {
          requests.push(request);
        },
        end: () => {
          requests.end();
        },
        response,
      };
    },
    close: () => undefined,
  };
}

function grpcJsOptions(options: TestCallOptions | undefined) {
  const metadata = new Metadata();
  for (const [name, value] of Object.entries(options?.headers ?? {})) metadata.set(name, value);
  return {
    metadata,
    ...(options?.timeoutMs !== undefined && { deadline: Date.now() + options.timeoutMs }),
    ...(options?.signal !== undefined && { signal: options.signal }),
  };
}

/** A checkout client on grpc-js through the adapter. */
export function createGrpcJsCheckoutClient(address: string): CheckoutTestClient {
  const client = createGrpcJsClient(CheckoutService, address, credentials.createInsecure());
  return {
    stack: "grpc-js",
    placeOrder: (request, options) =>
      client.placeOrder({ requestId: randomUUID(), ...request }, grpcJsOptions(options)),
    importLineItems(options) {
      const { call, response } = client.importLineItems(grpcJsOptions(options));
      return {
        send: (request) => {
          call.write(request);
        },
        end: () => {
          call.end();
        },
        response,
      };
    },
    close: () => {
      client.close();
    },
  };
}
