// Writes the topology's edges into the apps' Nx implicit dependencies:
//   npm run render -w @switchyard/workspace-checks
import { writeImplicitDependencies } from "./project-graph.js";

await writeImplicitDependencies();
process.stdout.write("wrote nx.implicitDependencies of every app from libs/topology\n");
