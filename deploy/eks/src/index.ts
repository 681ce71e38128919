// Filled in by the renderer and its tests; see README.md.
export {};
