import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Client, credentials, Metadata, type ChannelOptions } from "@grpc/grpc-js";
import {
  EchoRequestSchema,
  EchoResponseSchema,
  EchoService,
  type EchoRequest,
  type EchoResponse,
} from "@switchyard/proto/switchyard/testing/v1/echo_service";

/** Options for {@link createLabClient}. */
export interface LabClientOptions {
  /** A grpc-js target: `127.0.0.1:8080`, or `ipv4:127.0.0.1:a,127.0.0.1:b` for several replicas. */
  readonly target: string;
  /** Client-side `round_robin` over every resolved address; default `pick_first` (one connection). */
  readonly roundRobin?: boolean;
}

/** A grpc-js client of the lab's Echo method. */
export interface LabClient {
  /** Calls Echo and resolves with the `x-served-by` of the replica that answered. */
  echo(delayMs: number): Promise<string>;
  close(): void;
}

const echoPath = `/${EchoService.typeName}/Echo`;

/**
 * A grpc-js client with its own connection(s): `grpc.use_local_subchannel_pool` keeps grpc-js
 * from sharing one connection between clients of the same target, so "one client" is
 * really one HTTP/2 connection (pick_first) or one per replica (round_robin).
 */
export function createLabClient(options: LabClientOptions): LabClient {
  const channelOptions: ChannelOptions = {
    "grpc.use_local_subchannel_pool": 1,
    ...(options.roundRobin === true
      ? { "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }) }
      : {}),
  };
  const client = new Client(options.target, credentials.createInsecure(), channelOptions);
  return {
    echo(delayMs) {
      return new Promise((resolve, reject) => {
        let servedBy = "unknown";
        const call = client.makeUnaryRequest<EchoRequest, EchoResponse>(
          echoPath,
          (request) => Buffer.from(toBinary(EchoRequestSchema, request)),
          (bytes) => fromBinary(EchoResponseSchema, bytes),
          create(EchoRequestSchema, { message: "lb-lab", delayMs }),
          new Metadata(),
          { deadline: Date.now() + 10_000 },
          (error) => {
            if (error) reject(error);
            else resolve(servedBy);
          },
        );
        call.on("metadata", (metadata: Metadata) => {
          const value = metadata.get("x-served-by")[0];
          if (typeof value === "string") servedBy = value;
        });
      });
    },
    close: () => {
      client.close();
    },
  };
}
