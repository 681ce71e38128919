// The invariants of .github/workflows: third-party code pinned to a commit, short-lived AWS
// credentials only where they are used, deploys behind an approval, and pull requests run every
// target of the affected projects. Each check is also shown to reject a workflow that breaks it.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { workspaceRoot } from "@switchyard/launcher";

interface WorkflowStep {
  readonly uses?: string;
  readonly run?: string;
}

interface WorkflowJob {
  readonly uses?: string;
  readonly permissions?: Record<string, string> | string;
  readonly environment?: string | { readonly name: string };
  readonly steps?: readonly WorkflowStep[];
}

interface Workflow {
  readonly permissions?: Record<string, string> | string;
  readonly jobs: Record<string, WorkflowJob>;
}

/** A workflow file: its name, raw text and parsed document. */
interface WorkflowFile {
  readonly name: string;
  readonly text: string;
  readonly workflow: Workflow;
}

const workflowsDirectory = join(workspaceRoot, ".github", "workflows");

async function readWorkflows(): Promise<WorkflowFile[]> {
  const names = (await readdir(workflowsDirectory)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(workflowsDirectory, name), "utf8");
      return { name, text, workflow: parse(text) as Workflow };
    }),
  );
}

/** `uses:` values that are not `owner/repo[/path]@<40-hex commit>` with a `# v…` comment on the line. */
function unpinnedActions(file: WorkflowFile): string[] {
  return file.text
    .split("\n")
    .filter((line) => /^\s*(-\s+)?uses:/.test(line))
    .map((line) => line.trim())
    .filter((line) => !/uses: (?!\.\/)[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/.test(line));
}

function mintsIdTokens(permissions: WorkflowJob["permissions"]): boolean {
  return typeof permissions === "object" ? permissions["id-token"] === "write" : permissions === "write-all";
}

function assumesAwsRole(job: WorkflowJob): boolean {
  return (job.steps ?? []).some((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"));
}

function deploys(job: WorkflowJob): boolean {
  return (job.steps ?? []).some((step) => /\bcdk deploy\b|\bkubectl apply\b/.test(step.run ?? ""));
}

/** Every broken invariant of one workflow, as readable lines; empty when it holds them all. */
function workflowProblems(file: WorkflowFile): string[] {
  const problems = unpinnedActions(file).map((line) => `${file.name}: not pinned to a commit: ${line}`);
  if (mintsIdTokens(file.workflow.permissions)) {
    problems.push(`${file.name}: id-token: write at the top level reaches every job`);
  }
  for (const [name, job] of Object.entries(file.workflow.jobs)) {
    if (mintsIdTokens(job.permissions) !== assumesAwsRole(job)) {
      problems.push(`${file.name}: job ${name}: id-token: write exactly when it assumes an AWS role`);
    }
    if (deploys(job) && job.environment === undefined) {
      problems.push(`${file.name}: job ${name} deploys without an environment to approve it`);
    }
  }
  return problems;
}

describe(".github/workflows", () => {
  it("when every workflow is read, then each keeps every invariant", async () => {
    const files = await readWorkflows();
    assert.ok(files.length >= 2, files.map((file) => file.name).join(", "));
    assert.deepEqual(files.flatMap(workflowProblems), []);
  });

  it("when ci runs on main, then images are pushed with an OIDC role and both deploys wait for the production environment", async () => {
    const ci = (await readWorkflows()).find((file) => file.name === "ci.yml");
    assert.ok(ci);
    const jobs = ci.workflow.jobs;
    assert.ok(jobs["images"] && assumesAwsRole(jobs["images"]));
    assert.ok(
      (jobs["images"].steps ?? []).some((step) => step.uses?.startsWith("aws-actions/amazon-ecr-login@")),
    );
    for (const name of ["deploy-ecs", "deploy-eks"]) {
      const job = jobs[name];
      assert.ok(job && deploys(job), `${name} deploys`);
      assert.equal(job.environment, "production", name);
    }
    assert.ok(!ci.text.includes("aws-access-key-id"), "no long-lived keys");
  });

  it("when ci runs nx affected, then lint, typecheck, test, build and container all run", async () => {
    const ci = (await readWorkflows()).find((file) => file.name === "ci.yml");
    assert.ok(ci);
    const targets = [...ci.text.matchAll(/nx affected -t ([\w ]+?) --/g)].flatMap((match) =>
      (match[1] ?? "").split(" "),
    );
    assert.deepEqual(targets.sort(), ["build", "container", "lint", "test", "typecheck"]);
  });

  it("when a workflow breaks an invariant, then the check names it", () => {
    const text = [
      "permissions:",
      "  id-token: write",
      "jobs:",
      "  ship:",
      "    steps:",
      "      - uses: actions/checkout@v4",
      "      - run: npx cdk deploy",
      "  push:",
      "    permissions:",
      "      id-token: write",
      "    steps:",
      "      - uses: aws-actions/amazon-ecr-login@03f1aad4c6c7ffd436567f42f9384779290529bd",
    ].join("\n");
    assert.deepEqual(workflowProblems({ name: "bad.yml", text, workflow: parse(text) as Workflow }), [
      "bad.yml: not pinned to a commit: - uses: actions/checkout@v4",
      "bad.yml: not pinned to a commit: - uses: aws-actions/amazon-ecr-login@03f1aad4c6c7ffd436567f42f9384779290529bd",
      "bad.yml: id-token: write at the top level reaches every job",
      "bad.yml: job ship deploys without an environment to approve it",
      "bad.yml: job push: id-token: write exactly when it assumes an AWS role",
    ]);
  });
});
