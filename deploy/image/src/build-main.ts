// The Nx `build` and `container` targets of every app (see nx.json's targetDefaults):
//   node --import tsx deploy/image/src/build-main.ts build <app>       -> dist/apps/<app>
//   node --import tsx deploy/image/src/build-main.ts container <app>   -> switchyard/<app>:<sha>, :dev
import { buildApp } from "./app-build.js";
import { buildAppImage } from "./app-image.js";

const [command, app] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`[${command ?? "build"} ${app ?? ""}] ${line}\n`);
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
if (app === undefined || (command !== "build" && command !== "container")) {
  process.stderr.write("usage: build-main.ts build|container <app>\n");
  process.exit(2);
}
if (command === "build") {
  const built = await buildApp(app);
  say(`${built.directory} in ${seconds()} s (node ${built.entryPath} serves)`);
} else {
  const image = await buildAppImage(app, { log: say });
  say(`${image.tags.join(", ")} on ${image.baseImage.image} (${image.baseImage.source}) in ${seconds()} s`);
}
