import { execFileSync } from "node:child_process";

/** The commands that rewrite what derives from `proto/` and the topology, in order. */
export const derivedFileCommands: readonly (readonly string[])[] = [
  ["run", "proto:generate"],
  ["run", "render", "-w", "@switchyard/envoy-config"],
  ["run", "render", "-w", "@switchyard/deploy-compose"],
  ["run", "render", "-w", "@switchyard/deploy-eks"],
];

/**
 * Regenerates the proto lib's code (buf) and re-renders Envoy, compose and EKS from the
 * topology as it now is on disk: run after a generator's tree is written. ECS and the Nx
 * project graph read the topology themselves.
 */
export function regenerateDerivedFiles(workspaceRoot: string, npmScope: string): void {
  for (const command of derivedFileCommands) {
    const args = command.map((argument) => argument.replace(/^@switchyard\//, `${npmScope}/`));
    execFileSync("npm", [...args], { cwd: workspaceRoot, stdio: "inherit" });
  }
}
