// The image build's bundling step (deploy/compose/Dockerfile):
//   node --import tsx deploy/compose/src/bundle-app-main.ts <app> <out dir> <manifests dir>
import { bundleApp } from "./bundle-app.js";

const [app, outDir, manifestsDir] = process.argv.slice(2);
if (app === undefined || outDir === undefined) {
  process.stderr.write("usage: bundle-app-main.ts <app> <out dir> [<manifests dir>]\n");
  process.exit(2);
}
const bundled = await bundleApp({ app, outDir, ...(manifestsDir === undefined ? {} : { manifestsDir }) });
process.stdout.write(
  `${JSON.stringify({ msg: "bundled", app, main: bundled.mainPath, external: bundled.externalPackages })}\n`,
);
