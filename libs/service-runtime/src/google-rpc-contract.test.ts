import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fromBinary, type DescMessage } from "@bufbuild/protobuf";
import { BadRequestSchema, file_google_rpc_error_details } from "@switchyard/proto/google/rpc/error_details";
import { file_google_rpc_status } from "@switchyard/proto/google/rpc/status";
import protobuf from "protobufjs";

// The upstream googleapis sources, as the npm package google-proto-files ships them.
const googleProtoRoot = dirname(createRequire(import.meta.url).resolve("google-proto-files/package.json"));

function loadUpstream(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(googleProtoRoot, target.replace(/^.*?google\//, "google/"));
  return root.loadSync(["google/rpc/status.proto", "google/rpc/error_details.proto"], { keepCase: true });
}

function allMessages(messages: readonly DescMessage[]): DescMessage[] {
  return messages.flatMap((message) => [message, ...allMessages(message.nestedMessages)]);
}

describe("proto/google/rpc against the upstream googleapis definitions", () => {
  const upstream = loadUpstream();
  const local = allMessages([...file_google_rpc_status.messages, ...file_google_rpc_error_details.messages]);

  it("when every local message is looked up upstream, then each field has the upstream name, number and kind", () => {
    assert.ok(local.length >= 10);
    for (const message of local) {
      const upstreamType = upstream.lookupType(message.typeName);
      for (const field of message.fields) {
        const upstreamField = upstreamType.fields[field.name];
        assert.ok(upstreamField, `${message.typeName}.${field.name} exists upstream`);
        assert.equal(upstreamField.id, field.number, `${message.typeName}.${field.name} number`);
        assert.equal(
          upstreamField.repeated,
          field.fieldKind === "list",
          `${message.typeName}.${field.name} repeated`,
        );
        assert.equal(
          upstreamField instanceof protobuf.MapField,
          field.fieldKind === "map",
          `${message.typeName}.${field.name} map`,
        );
        const localType =
          field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message")
            ? field.message.typeName
            : undefined;
        if (localType !== undefined) {
          assert.equal(
            upstreamField.resolve().resolvedType?.fullName,
            `.${localType}`,
            `${message.typeName}.${field.name} type`,
          );
        }
      }
    }
  });

  it("when upstream encodes a BadRequest, then the local schema decodes every field violation", () => {
    const type = upstream.lookupType("google.rpc.BadRequest");
    const bytes = type
      .encode(
        type.fromObject({
          field_violations: [
            {
              field: "tags[1]",
              description: "value length must be at least 1 characters",
              reason: "string.min_len",
            },
            {
              field: "quantity",
              description: "out of range",
              localized_message: { locale: "en-GB", message: "too many" },
            },
          ],
        }),
      )
      .finish();
    const decoded = fromBinary(BadRequestSchema, bytes);
    assert.deepEqual(
      decoded.fieldViolations.map(({ field, reason, localizedMessage }) => [
        field,
        reason,
        localizedMessage?.message,
      ]),
      [
        ["tags[1]", "string.min_len", undefined],
        ["quantity", "", "too many"],
      ],
    );
  });
});
