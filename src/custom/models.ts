// The public models: the generated wire shapes of both feeds in one namespace (see src/generated/models.ts).
export * from "../generated/models.js";
