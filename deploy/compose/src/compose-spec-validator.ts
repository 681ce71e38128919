import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";

/**
 * The Compose Specification JSON schema (draft 2020-12), vendored from the Go
 * module github.com/compose-spec/compose-go/v2 (Apache-2.0): see
 * deploy/compose/schema/README.md for its version and how to update it.
 */
export const composeSpecSchemaPath: string = fileURLToPath(
  new URL("../schema/compose-spec.json", import.meta.url),
);

/**
 * Validates a compose file (YAML text) against the Compose Specification
 * schema; resolves with the parsed document, rejects listing every violation
 * with its path.
 */
export async function validateComposeFile(yamlText: string): Promise<Record<string, unknown>> {
  const schema = JSON.parse(await readFile(composeSpecSchemaPath, "utf8")) as Record<string, unknown>;
  // strict: false because the schema carries Compose's own annotation keywords.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  const document = parse(yamlText) as Record<string, unknown>;
  if (!validate(document)) {
    const problems = (validate.errors ?? []).map(
      (error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`,
    );
    throw new Error(`compose file violates the Compose Specification:\n${problems.join("\n")}`);
  }
  return document;
}
