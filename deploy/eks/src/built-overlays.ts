import assert from "node:assert/strict";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { kustomizeBuild } from "@switchyard/deploy-validators";
import { eksDirectory } from "./checked-in-tree.js";

/** A manifest as `kustomize build` prints it, read loosely for contract tests. */
export interface BuiltManifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
  data?: Record<string, string>;
}

/** One environment variable of a container. */
export interface ContainerEnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

/** `kustomize build` of each of `overlays` (folders under `deploy/eks/overlays`), parsed: overlay → manifests. */
export async function buildOverlays(overlays: readonly string[]): Promise<Map<string, BuiltManifest[]>> {
  const built = new Map<string, BuiltManifest[]>();
  for (const overlay of overlays) {
    const yaml = await kustomizeBuild(join(eksDirectory, "overlays", overlay));
    built.set(
      overlay,
      parseAllDocuments(yaml).map((document) => document.toJS() as BuiltManifest),
    );
  }
  return built;
}

/** The manifest of `kind` named `name`; fails the test naming it when there is none. */
export function findManifest(manifests: readonly BuiltManifest[], kind: string, name: string): BuiltManifest {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  assert.ok(found, `${kind}/${name}`);
  return found;
}

/** The environment of a Deployment's first container. */
export function containerEnv(deployment: BuiltManifest): ContainerEnvVar[] {
  const template = deployment.spec["template"] as { spec: { containers: { env?: ContainerEnvVar[] }[] } };
  return template.spec.containers[0]?.env ?? [];
}
