import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFieldSet } from "@bufbuild/protobuf";
import {
  FieldDescriptorProtoSchema,
  type DescriptorProto,
  type FieldDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { file_buf_validate_validate as upstreamFile } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { file_buf_validate_validate as localFile } from "@switchyard/proto/buf/validate/validate";

/** The parts of a field that decide its wire encoding and its meaning to protovalidate. */
function fieldShape(field: FieldDescriptorProto): object {
  return {
    name: field.name,
    number: field.number,
    label: field.label,
    type: field.type,
    typeName: field.typeName,
    extendee: field.extendee,
  };
}

function messagesByName(messages: readonly DescriptorProto[], prefix = ""): Map<string, DescriptorProto> {
  const byName = new Map<string, DescriptorProto>();
  for (const message of messages) {
    const name = `${prefix}${message.name}`;
    byName.set(name, message);
    for (const [nestedName, nested] of messagesByName(message.nestedType, `${name}.`)) {
      byName.set(nestedName, nested);
    }
  }
  return byName;
}

describe("proto/buf/validate/validate.proto against the upstream descriptor in @bufbuild/protovalidate", () => {
  const upstream = upstreamFile.proto;
  const local = localFile.proto;

  it("when the files are compared, then package and syntax are upstream's", () => {
    assert.equal(local.package, upstream.package);
    assert.equal(local.syntax, upstream.syntax);
  });

  it("when every local message is looked up upstream, then each field has the upstream number, label and type", () => {
    const upstreamMessages = messagesByName(upstream.messageType);
    const localMessages = messagesByName(local.messageType);
    assert.ok(localMessages.size >= 10, "the subset declares the rule messages");
    for (const [name, message] of localMessages) {
      const upstreamMessage = upstreamMessages.get(name);
      assert.ok(upstreamMessage, `buf.validate.${name} exists upstream`);
      for (const field of message.field) {
        const upstreamField: FieldDescriptorProto | undefined = upstreamMessage.field.find(
          (candidate) => candidate.name === field.name,
        );
        assert.ok(upstreamField, `buf.validate.${name}.${field.name} exists upstream`);
        assert.deepEqual(fieldShape(field), fieldShape(upstreamField), `buf.validate.${name}.${field.name}`);
        const oneofName = (desc: DescriptorProto, f: FieldDescriptorProto): string | undefined =>
          isFieldSet(f, FieldDescriptorProtoSchema.field.oneofIndex)
            ? desc.oneofDecl[f.oneofIndex]?.name
            : undefined;
        assert.equal(
          oneofName(message, field),
          oneofName(upstreamMessage, upstreamField),
          `${name}.${field.name} oneof`,
        );
      }
    }
  });

  it("when every local enum is looked up upstream, then its values have the upstream numbers", () => {
    for (const localEnum of local.enumType) {
      const upstreamEnum = upstream.enumType.find((candidate) => candidate.name === localEnum.name);
      assert.ok(upstreamEnum, `buf.validate.${localEnum.name} exists upstream`);
      for (const value of localEnum.value) {
        const upstreamValue: { number: number } | undefined = upstreamEnum.value.find(
          (candidate) => candidate.name === value.name,
        );
        assert.equal(upstreamValue?.number, value.number, `${localEnum.name}.${value.name}`);
      }
    }
  });

  it("when the extensions are compared, then field, message and oneof rules use the upstream numbers", () => {
    const shapes = (file: typeof local) => file.extension.map(fieldShape);
    const upstreamShapes = shapes(upstream);
    const localShapes = shapes(local);
    assert.deepEqual(localShapes.map((shape) => (shape as { name: string }).name).sort(), [
      "field",
      "message",
      "oneof",
    ]);
    for (const shape of localShapes)
      assert.ok(
        upstreamShapes.some((candidate) => JSON.stringify(candidate) === JSON.stringify(shape)),
        JSON.stringify(shape),
      );
  });
});
