import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from "@bufbuild/protobuf";

/**
 * Serializer for grpc-js: accepts a message or its init shape (a plain object)
 * and writes the protobuf binary encoding.
 */
export function createSerializer<Desc extends DescMessage>(
  schema: Desc,
): (value: MessageInitShape<Desc>) => Buffer {
  return (value) => {
    const bytes = toBinary(schema, create(schema, value));
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

/**
 * Deserializer for grpc-js. It throws on malformed bytes; grpc-js turns a
 * throwing request deserializer into status INTERNAL on the server, and a
 * throwing response deserializer into INTERNAL on the client.
 */
export function createDeserializer<Desc extends DescMessage>(
  schema: Desc,
): (bytes: Buffer) => MessageShape<Desc> {
  return (bytes) => fromBinary(schema, bytes);
}
