import { build } from "esbuild";
for (const all of [false, true]) {
  await build({
    entryPoints: ["tools/bench/src/echo-server-main.ts"],
    bundle: true, platform: "node", format: "esm", target: "node24",
    outdir: `tools/bench/.sbench/${all ? "all" : "ws"}`, splitting: true,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: all ? [] : [{ name: "ext", setup(b) { b.onResolve({ filter: /^[^./]/ }, (a) => a.path.startsWith("@switchyard/") || a.path.startsWith("node:") ? undefined : { path: a.path, external: true }); } }],
    logLevel: "warning",
  });
}
