/** Options for {@link grpcFrame}: how to mis-frame a message on purpose. */
export interface GrpcFrameOptions {
  /** The flags byte. Default 0 (uncompressed); 1 claims compression. */
  readonly flags?: number;
  /** The length the prefix declares. Default the message's real length. */
  readonly declaredLength?: number;
}

/**
 * Frames `message` as one gRPC length-prefixed message: a flags byte, a 4-byte big-endian
 * length, the bytes. `options` lets a probe declare a wrong length or flag.
 */
export function grpcFrame(message: Uint8Array, options: GrpcFrameOptions = {}): Buffer {
  const frame = Buffer.alloc(5 + message.byteLength);
  frame.writeUInt8(options.flags ?? 0, 0);
  frame.writeUInt32BE(options.declaredLength ?? message.byteLength, 1);
  frame.set(message, 5);
  return frame;
}
