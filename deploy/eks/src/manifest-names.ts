/** The AWS account and region of the example overlays (registry, certificate, log bucket): replace with yours. */
export const exampleAccount = { id: "111122223333", region: "eu-west-1" } as const;

/** `app.kubernetes.io/part-of` of every object. */
export const partOf = "switchyard";
