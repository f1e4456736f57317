// The digests a build finds for its base images: one the run built earlier, else the one the emulated
// registry holds, else the emulator's own for an image from elsewhere. They show in acb's dependencies and
// in what the run records (the end's baseImages), and a new base digest builds a new image.
import { describe, expect, test } from "vitest";
import type { RegistryDigest } from "../../src/runEngine/runTimeline.js";
import { plan, type Planned } from "./planned.js";

const appOnBase = "steps:\n  - build: -t myreg.azurecr.io/app:1 .\n  - push: [myreg.azurecr.io/app:1]\n";
const files = { Dockerfile: "FROM golang:1.22 AS build\nFROM myreg.azurecr.io/base:1\n" };
const holding =
  (digest: string): RegistryDigest =>
  (image) =>
    image.registry === "myreg.azurecr.io" && image.repository === "base" && image.tag === "1" ? digest : undefined;
const baseA = `sha256:${"a".repeat(64)}`;
const baseB = `sha256:${"b".repeat(64)}`;

const pushedDigest = (planned: Planned) => planned.events.flatMap((event) => event.pushed ?? [])[0]!.digest;
const dependencies = (planned: Planned) =>
  JSON.parse(planned.texts[planned.texts.indexOf("The following dependencies were found:") + 2]!);

describe("base image digests", () => {
  test("the registry's digest for a tag it holds: in acb's dependencies and in what the run records", () => {
    const planned = plan(appOnBase, files, {}, holding(baseA));
    expect(dependencies(planned)[0]["runtime-dependency"]).toMatchObject({ repository: "base", digest: baseA });
    expect(planned.end).toEqual({
      status: "Succeeded",
      baseImages: [
        {
          type: "BuildTime",
          registry: "registry.hub.docker.com",
          repository: "library/golang",
          tag: "1.22",
          digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        },
        { type: "Runtime", registry: "myreg.azurecr.io", repository: "base", tag: "1", digest: baseA },
      ],
    });
  });

  test("a new base digest builds a new image from the same context; the same one, the same image", () => {
    const first = pushedDigest(plan(appOnBase, files, {}, holding(baseA)));
    expect(pushedDigest(plan(appOnBase, files, {}, holding(baseA)))).toBe(first);
    expect(pushedDigest(plan(appOnBase, files, {}, holding(baseB)))).not.toBe(first);
    // Without the registry holding it, the emulator's own digest for the reference.
    expect(dependencies(plan(appOnBase, files))[0]["runtime-dependency"].digest).not.toBe(baseA);
  });

  test("an image the run built before wins over the registry's; scratch is recorded as nothing", () => {
    const planned = plan(
      "steps:\n  - id: base\n    build: -t myreg.azurecr.io/base:1 -f base.Dockerfile .\n  - build: -t myreg.azurecr.io/app:1 .\n",
      { "base.Dockerfile": "FROM scratch\n", Dockerfile: "FROM myreg.azurecr.io/base:1\n" },
      {},
      holding(baseA),
    );
    const [base, app] = dependencies(planned);
    expect(base["runtime-dependency"].repository).toBe("library/scratch");
    expect(app["runtime-dependency"].digest).not.toBe(baseA);
    expect(planned.end?.baseImages).toEqual([
      {
        type: "Runtime",
        registry: "myreg.azurecr.io",
        repository: "base",
        tag: "1",
        digest: app["runtime-dependency"].digest,
      },
    ]);
  });
});
