// The Go types go-yaml decodes task YAML into, described for the decoder: field names (the yaml tags acb
// declares), Go type names as go-yaml's errors print them, and which list items are pointers (a null item
// stays a nil pointer).
export type GoType =
  | { kind: "string" }
  | { kind: "int" }
  | { kind: "bool" }
  | { kind: "slice"; name: string; elem: GoType; pointers?: boolean }
  | { kind: "struct"; name: string; fields: Record<string, GoType> }
  | { kind: "map"; name: string; elem: GoType }
  /** interface{}: values as go-yaml v2 builds them (nested maps are map[interface{}]interface{}). */
  | { kind: "any" }
  /** map[string]interface{}: a values file. */
  | { kind: "values" }
  /** A type whose UnmarshalYAML accepts anything and keeps nothing (acb's step channel). */
  | { kind: "ignored"; name: string };

export const goTypeName = (type: GoType): string =>
  type.kind === "string" || type.kind === "int" || type.kind === "bool"
    ? type.kind
    : type.kind === "any"
      ? "interface {}"
      : type.kind === "values"
        ? "templating.Values"
        : type.name;

const string: GoType = { kind: "string" };
const int: GoType = { kind: "int" };
const bool: GoType = { kind: "bool" };
const strings: GoType = { kind: "slice", name: "[]string", elem: string };
const ints: GoType = { kind: "slice", name: "[]int", elem: int };

export const mountType: GoType = {
  kind: "struct",
  name: "volume.Mount",
  fields: { name: string, mountPath: string },
};

export const stepType: GoType = {
  kind: "struct",
  name: "graph.Step",
  fields: {
    id: string,
    cmd: string,
    build: string,
    workingDirectory: string,
    entryPoint: string,
    user: string,
    network: string,
    isolation: string,
    cpus: string,
    cache: string,
    volumeMounts: { kind: "slice", name: "[]*volume.Mount", elem: mountType, pointers: true },
    push: strings,
    env: strings,
    expose: strings,
    ports: strings,
    when: strings,
    exitedWith: ints,
    exitedWithout: ints,
    timeout: int,
    startDelay: int,
    retryDelay: int,
    retries: int,
    retryOnErrors: strings,
    repeat: int,
    keep: bool,
    detach: bool,
    privileged: bool,
    ignoreErrors: bool,
    disableWorkingDirectoryOverride: bool,
    pull: bool,
    // Fields without a yaml tag: go-yaml reads them under their lowercased Go name.
    tags: strings,
    buildargs: strings,
    defaultbuildcachetag: string,
    completedchan: { kind: "ignored", name: "graph.chanBool" },
  },
};

export const secretType: GoType = {
  kind: "struct",
  name: "secretmgmt.Secret",
  fields: { id: string, keyvault: string, clientID: string, resolvedvalue: string, aadresourceid: string },
};

export const networkType: GoType = {
  kind: "struct",
  name: "graph.Network",
  fields: { name: string, driver: string, ipv6: bool, skipCreation: bool, isDefault: bool },
};

export const volumeType: GoType = {
  kind: "struct",
  name: "volume.Volume",
  fields: { name: string, secret: { kind: "map", name: "map[string]string", elem: string } },
};

export const taskType: GoType = {
  kind: "struct",
  name: "graph.Task",
  fields: {
    steps: { kind: "slice", name: "[]*graph.Step", elem: stepType, pointers: true },
    stepTimeout: int,
    secrets: { kind: "slice", name: "[]*secretmgmt.Secret", elem: secretType, pointers: true },
    networks: { kind: "slice", name: "[]*graph.Network", elem: networkType, pointers: true },
    volumes: { kind: "slice", name: "[]*volume.Volume", elem: volumeType, pointers: true },
    env: strings,
    workingDirectory: string,
    version: string,
    registryname: string,
    registry: string,
    taskname: string,
    isbuildtask: bool,
    initbuildkitcontainer: bool,
  },
};

/** The alias section of a v1.1.0 task (`alias:` with src, values and directive). */
export const aliasSectionType: GoType = {
  kind: "struct",
  name: "graph.wrapper",
  fields: {
    alias: {
      kind: "struct",
      name: "graph.Alias",
      fields: { src: strings, values: { kind: "map", name: "map[string]string", elem: string }, directive: string },
    },
  },
};

/** An alias source file: a map of names to values. */
export const aliasFileType: GoType = { kind: "map", name: "map[string]string", elem: string };
