// Lists are paged with an absolute nextLink carrying $skipToken; $top caps the total; Runs_List
// honours ACR's $filter forms and refuses the others with a 400 naming the filter.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { build, createRegistry, encoded, registryPath, scheduleRun, send, waitFor, waitForRunEnd } from "./helpers.js";
import { parseRunFilter } from "../src/resources/runFilter.js";

let emulator: RunningEmulator;
const registry = "pagingreg1";
const runsUrl = `${registryPath(registry)}/runs?api-version=${build}`;
const ok = encoded("steps:\n  - cmd: bash echo ok\n");
const failing = encoded("steps:\n  - cmd: bash exit 3\n");
let beforeAllRuns: string;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001, pageSize: 3 });
  await createRegistry(emulator, registry);
  const taskUrl = `${registryPath(registry)}/tasks/nightly?api-version=${build}`;
  await send(emulator, "PUT", taskUrl, {
    body: {
      location: "westus",
      properties: { platform: { os: "Linux" }, step: { type: "EncodedTask", encodedTaskContent: ok } },
    },
  });
  const task = (await send(emulator, "GET", taskUrl)).body;
  beforeAllRuns = new Date(Date.now() - 1000).toISOString();
  // cb1..cb4 quick runs that succeed, cb5..cb6 fail, cb7..cb8 from the task (named by its id, then by its bare name).
  const requests = [
    ...Array.from({ length: 4 }, () => ({
      type: "EncodedTaskRunRequest",
      encodedTaskContent: ok,
      platform: { os: "Linux" },
    })),
    ...Array.from({ length: 2 }, () => ({
      type: "EncodedTaskRunRequest",
      encodedTaskContent: failing,
      platform: { os: "Linux" },
    })),
    { type: "TaskRunRequest", taskId: task.id },
    { type: "TaskRunRequest", taskId: "nightly" },
  ];
  for (const request of requests)
    await waitForRunEnd(emulator, registry, (await scheduleRun(emulator, registry, request)).name);
});
afterAll(() => emulator.close());

async function listAll(url: string): Promise<{ ids: string[]; pages: number[]; links: string[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  const links: string[] = [];
  let next: string | undefined = url;
  while (next) {
    const response = await send(emulator, "GET", next);
    expect(response.status).toBe(200);
    ids.push(...response.body.value.map((run: { name: string }) => run.name));
    pages.push(response.body.value.length);
    next = response.body.nextLink;
    if (next) links.push(next);
  }
  return { ids, pages, links };
}

describe("paging", () => {
  test("pages of pageSize, newest run first, with an absolute nextLink carrying $skipToken", async () => {
    const { ids, pages, links } = await listAll(runsUrl);
    expect(ids).toEqual(["cb8", "cb7", "cb6", "cb5", "cb4", "cb3", "cb2", "cb1"]);
    expect(pages).toEqual([3, 3, 2]);
    for (const link of links) {
      expect(link.startsWith(`${emulator.endpoint}/subscriptions/`)).toBe(true);
      expect(link).toContain("$skipToken=");
      expect(link).toContain(`api-version=${build}`);
    }
  });

  test("$top caps the total across pages", async () => {
    const { ids, pages } = await listAll(`${runsUrl}&$top=5`);
    expect(ids).toEqual(["cb8", "cb7", "cb6", "cb5", "cb4"]);
    expect(pages).toEqual([3, 2]);
    expect((await listAll(`${runsUrl}&$top=2`)).pages).toEqual([2]);
  });

  test("a run created between pages does not shift the next page", async () => {
    const first = await send(emulator, "GET", runsUrl);
    const extra = await scheduleRun(emulator, registry, {
      type: "EncodedTaskRunRequest",
      encodedTaskContent: ok,
      platform: { os: "Linux" },
    });
    const second = await send(emulator, "GET", first.body.nextLink);
    expect(second.body.value.map((run: { name: string }) => run.name)).toEqual(["cb5", "cb4", "cb3"]);
    await waitForRunEnd(emulator, registry, extra.name);
  });

  test("a $skipToken the service did not issue is a 400", async () => {
    expect((await send(emulator, "GET", `${runsUrl}&$skipToken=garbage`)).status).toBe(400);
  });

  test("$top that is not a positive integer is a 400", async () => {
    const response = await send(emulator, "GET", `${runsUrl}&$top=0`);
    expect(response.status).toBe(400);
  });

  test("other lists page too (tasks, agent pools ...)", async () => {
    for (const name of ["poola", "poolb", "poolc", "poold"]) {
      await send(emulator, "PUT", `${registryPath(registry)}/agentPools/${name}?api-version=${build}`, {
        body: { location: "westus" },
      });
    }
    const { ids, pages } = await listAll(`${registryPath(registry)}/agentPools?api-version=${build}`);
    expect(ids).toEqual(["poola", "poolb", "poolc", "poold"]);
    expect(pages).toEqual([3, 1]);
  });
});

describe("$filter", () => {
  const filtered = async (filter: string) => (await listAll(`${runsUrl}&$filter=${encodeURIComponent(filter)}`)).ids;

  test("TaskName eq", async () => {
    expect(await filtered("TaskName eq 'nightly'")).toEqual(["cb8", "cb7"]);
  });

  test("Status eq", async () => {
    expect(await filtered("Status eq 'Failed'")).toEqual(["cb6", "cb5"]);
  });

  test("RunId eq", async () => {
    expect(await filtered("RunId eq 'cb2'")).toEqual(["cb2"]);
  });

  test("CreateTime ge / lt with bare ISO date-times", async () => {
    expect((await filtered(`CreateTime ge ${beforeAllRuns}`)).length).toBeGreaterThanOrEqual(8);
    expect(await filtered("CreateTime lt 2019-01-01T00:00:00Z")).toEqual([]);
  });

  test("RunType, and, or, parentheses, ne", async () => {
    // Every run here was started by hand: a QuickRun, the task's two included (as recorded Azure shows);
    // the failed ones are left out.
    const quickAndSucceeded = await filtered("RunType eq 'QuickRun' and Status eq 'Succeeded'");
    expect(quickAndSucceeded).toEqual(expect.arrayContaining(["cb8", "cb7", "cb4", "cb3", "cb2", "cb1"]));
    expect(quickAndSucceeded).not.toContain("cb5");
    expect(quickAndSucceeded).not.toContain("cb6");
    expect(await filtered("RunType eq 'AutoRun'")).toEqual([]);
    expect(await filtered("RunId eq 'cb1' or RunId eq 'cb3'")).toEqual(["cb3", "cb1"]);
    expect(await filtered("(RunId eq 'cb1' or RunId eq 'cb5') and Status ne 'Succeeded'")).toEqual(["cb5"]);
  });

  test("TaskName eq null lists the runs of no task (vscode-docker's Tasks tree); ne null those of a task", async () => {
    const ofNoTask = await filtered("TaskName eq null");
    expect(ofNoTask).toEqual(expect.arrayContaining(["cb6", "cb5", "cb4", "cb3", "cb2", "cb1"]));
    expect(ofNoTask).not.toContain("cb7");
    expect(ofNoTask).not.toContain("cb8");
    expect(await filtered("TaskName ne null")).toEqual(["cb8", "cb7"]);
    expect(await filtered("TaskName eq null and Status eq 'Failed'")).toEqual(["cb6", "cb5"]);
  });

  test("Property in (...)", async () => {
    expect(await filtered("RunId in ('cb1', 'cb4', 'cb99')")).toEqual(["cb4", "cb1"]);
    expect(await filtered("Status in ('Failed')")).toEqual(["cb6", "cb5"]);
  });

  test("contains()", async () => {
    expect(await filtered("contains(TaskName, 'night')")).toEqual(["cb8", "cb7"]);
  });

  test("filter and $top together", async () => {
    expect(
      (await listAll(`${runsUrl}&$top=1&$filter=${encodeURIComponent("Status eq 'Succeeded'")}`)).ids,
    ).toHaveLength(1);
  });

  test.each([
    ["Colour eq 'red'", "unknown property 'Colour'"],
    ["not Status eq 'Failed'", "'not'"],
    ["Status has 'Failed'", "unsupported operator 'has'"],
    ["Status eq 'Failed", "unterminated"],
    ["Status eq Failed", "not a value"],
    ["CreateTime gt null", "does not compare with null"],
  ])("unsupported: %s -> 400 naming the filter", async (filter, why) => {
    const response = await send(emulator, "GET", `${runsUrl}&$filter=${encodeURIComponent(filter)}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("InvalidFilter");
    expect(response.body.error.message).toContain(filter);
    expect(response.body.error.message).toContain(why);
  });

  test("the parser builds and/or trees with and binding tighter", () => {
    expect(parseRunFilter("RunId eq 'a' or RunId eq 'b' and Status eq 'c'")).toMatchObject({
      kind: "or",
      right: { kind: "and" },
    });
  });
});

test("waitFor helper is bounded", async () => {
  await expect(waitFor(() => false, 2)).rejects.toThrow();
});
