// ESLint flat config for the whole workspace: typescript-eslint's type-checked
// rules, Nx module boundaries enforced by project tags, Prettier owns formatting.
import eslint from "@eslint/js";
import nx from "@nx/eslint-plugin";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/cdk.out/**",
      "libs/proto/src/gen/**",
      ".toolchain/**",
      ".nx/**",
      "**/test-fixtures/**",
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@nx": nx },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          // node:test's describe/it return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["describe", "it", "test", "suite"] },
          ],
        },
      ],
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowBoolean: true },
      ],
      "@nx/enforce-module-boundaries": [
        "error",
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // The proto lib is generated code: it may only use the protobuf runtime.
            { sourceTag: "type:proto", onlyDependOnLibsWithTags: [] },
            // Libraries never reach into apps, deploy code or tools.
            { sourceTag: "type:lib", onlyDependOnLibsWithTags: ["type:lib", "type:proto"] },
            // Apps build on libs; an app never imports another app.
            { sourceTag: "type:app", onlyDependOnLibsWithTags: ["type:lib", "type:proto"] },
            // The storefront runs in browsers: it calls the services through their generated stubs only.
            { sourceTag: "type:web", onlyDependOnLibsWithTags: ["type:proto"] },
            // Deploy code describes infrastructure: it reads the topology, never service code.
            { sourceTag: "type:deploy", onlyDependOnLibsWithTags: ["type:lib", "type:proto"] },
            // The Nx plugin shapes the project graph from the topology: it reads libs only.
            { sourceTag: "type:nx-plugin", onlyDependOnLibsWithTags: ["type:lib", "type:proto"] },
            // Tools exercise what apps and deploy artefacts ship (the integration suite starts the compose stack).
            {
              sourceTag: "type:tool",
              onlyDependOnLibsWithTags: [
                "type:lib",
                "type:proto",
                "type:app",
                "type:deploy",
                "type:nx-plugin",
              ],
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  prettier,
);
