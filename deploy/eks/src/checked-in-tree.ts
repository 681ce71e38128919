import { fileURLToPath } from "node:url";

/** deploy/eks in the repository: the rendered tree lives here. */
export const eksDirectory: string = fileURLToPath(new URL("..", import.meta.url));
