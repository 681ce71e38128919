import { runTool } from "@switchyard/launcher";

/**
 * Runs cfn-lint on CloudFormation templates (JSON or YAML files) and resolves
 * with its output; rejects with the findings when it reports any error or
 * warning (exit codes 2 and 4; informational findings, exit 8, pass).
 */
export async function runCfnLint(templateFiles: readonly string[]): Promise<string> {
  const result = await runTool("cfn-lint", ["--format", "parseable", "--", ...templateFiles]);
  // cfn-lint's exit code is a bit mask: 2 error, 4 warning, 8 informational.
  if ((result.exitCode & ~8) !== 0) {
    throw new Error(`cfn-lint found problems (exit ${result.exitCode}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}
