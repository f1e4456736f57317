// The task as go-yaml fills acb's Go structs from the rendered YAML (zero values where a key is absent).
import type { ResolvedStep } from "../model.js";

export interface DecodedMount {
  name: string;
  mountPath: string;
}

/** A step as go-yaml fills it: the resolved step's fields, plus acb's untagged ones read under lowercase names. */
export type DecodedStep = Omit<
  ResolvedStep,
  "index" | "line" | "kind" | "buildArgs" | "usesBuildCache" | "buildCacheTag" | "volumeMounts"
> & {
  volumeMounts: (DecodedMount | null)[];
  buildargs: string[];
  defaultbuildcachetag: string;
};

export interface DecodedSecret {
  id: string;
  keyvault: string;
  clientID: string;
  resolvedvalue: string;
  aadresourceid: string;
}

export interface DecodedNetwork {
  name: string;
  driver: string;
  ipv6: boolean;
  skipCreation: boolean;
  isDefault: boolean;
}

export interface DecodedVolume {
  name: string;
  secret: Map<string, string> | null;
}

export interface DecodedTask {
  steps: (DecodedStep | null)[];
  stepTimeout: number;
  secrets: (DecodedSecret | null)[];
  networks: (DecodedNetwork | null)[];
  volumes: (DecodedVolume | null)[];
  env: string[];
  workingDirectory: string;
  version: string;
  registryname: string;
  registry: string;
  taskname: string;
  isbuildtask: boolean;
  initbuildkitcontainer: boolean;
}
