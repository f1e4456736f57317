// docs/migrating-from-arm-containerregistry.md holds the tables of what moved between
// @azure/arm-containerregistry 11.0.0's flattened models and acr-tasks' (test/docs/migrationTable.ts makes
// them from the two packages): a change on either side that the guide does not show fails here.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { GUIDE, migrationTables, modelMoves, withTables } from "./migrationTable.js";

describe("the migration guide", () => {
  test("holds the generated tables as they are today (npx tsx test/docs/migrationTable.ts --write)", () => {
    const guide = readFileSync(GUIDE, "utf8");
    expect(guide).toBe(withTables(guide, migrationTables()));
  });

  test("lists Run, Task, TaskRun and AgentPool first, with the members Tasks code reads most", () => {
    const moves = modelMoves();
    expect(moves.slice(0, 4).map((m) => m.model)).toEqual(["Run", "Task", "TaskRun", "AgentPool"]);
    expect(moves[0].underProperties).toEqual(expect.arrayContaining(["runId", "status", "createTime", "outputImages"]));
    expect(moves.find((m) => m.model === "TaskRun")?.underProperties).toEqual(
      expect.arrayContaining(["runRequest", "runResult"]),
    );
  });
});
