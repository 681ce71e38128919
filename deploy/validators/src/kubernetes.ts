import { runTool } from "@switchyard/launcher";

/** Runs `kustomize build <dir>` and resolves with the rendered multi-document YAML; rejects with kustomize's error. */
export async function kustomizeBuild(directory: string): Promise<string> {
  const result = await runTool("kustomize", ["build", directory]);
  if (result.exitCode !== 0) {
    throw new Error(`kustomize build ${directory} failed:\n${result.stderr}`);
  }
  return result.stdout;
}

/** The Kubernetes version the manifests are validated against (and eksctl's cluster version). */
export const kubernetesVersion = "1.34";

/**
 * Validates Kubernetes manifests offline against the Kubernetes OpenAPI JSON
 * schemas of {@link kubernetesVersion}, in strict mode (unknown fields are
 * errors), with `kubernetes-validate` (PyPI; it ships the schemas). Rejects
 * with every finding when any resource is invalid or of an unknown kind.
 */
export async function validateKubernetesManifests(files: readonly string[]): Promise<string> {
  const result = await runTool("kubernetes-validate", [
    "--strict",
    "--kubernetes-version",
    `${kubernetesVersion}.0`,
    "--no-warn",
    ...files,
  ]);
  if (result.exitCode !== 0) {
    throw new Error(`kubernetes-validate rejected the manifests:\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}
