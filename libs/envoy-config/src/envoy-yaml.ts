import { Document, isPair, isScalar, visit } from "yaml";

/** An Envoy `core.v3.Address` for `address:port`. */
export function socketAddress(address: string, port: number): object {
  return { socket_address: { address, port_value: port } };
}

/** A protobuf Duration in Envoy's YAML form, e.g. 1500 -> "1.5s". */
export function envoyDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) {
    throw new Error(`a duration must be a non-negative number of milliseconds, got ${milliseconds}`);
  }
  return `${milliseconds / 1000}s`;
}

/**
 * Why-comments for rendered settings, keyed by `<parent key>.<key>`, by `<key>`, or by
 * `name=<value>` for filters and extensions. Each becomes a `#` line above the setting.
 */
export type WhyComments = Readonly<Record<string, string>>;

function keyName(node: unknown): string | undefined {
  if (isPair(node) && isScalar(node.key) && typeof node.key.value === "string") return node.key.value;
  return undefined;
}

/**
 * Renders `value` as YAML with a one-line comment above the first occurrence of every key
 * `why` explains (later repeats, e.g. in the TLS listener, stay quiet). Shared objects are
 * written out in full (no anchors), so each setting reads on its own.
 */
export function renderYamlWithComments(value: object, why: WhyComments): string {
  const document = new Document(value, { aliasDuplicateObjects: false });
  const used = new Set<string>();
  visit(document, {
    Pair(_, pair, path) {
      const key = keyName(pair);
      if (key === undefined) return;
      const parent = [...path]
        .reverse()
        .map(keyName)
        .find((name) => name !== undefined);
      const comment =
        (isScalar(pair.value) && key === "name" ? why[`name=${String(pair.value.value)}`] : undefined) ??
        (parent === undefined ? undefined : why[`${parent}.${key}`]) ??
        why[key];
      if (comment !== undefined && !used.has(comment) && isScalar(pair.key)) {
        used.add(comment);
        pair.key.commentBefore = ` ${comment}`;
      }
    },
  });
  return document.toString({ lineWidth: 0 });
}
