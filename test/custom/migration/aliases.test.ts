// The deprecated 11.x type names (src/custom/migration/): every *OptionalParams and *Response name that
// @azure/arm-containerregistry 11.0.0 exports for Tasks, Runs, TaskRuns, AgentPools, scheduleRun and
// getBuildSourceUploadUrl, and its *Union names, is exported by acr-tasks, marked @deprecated with a pointer
// to the name to use, and means the same thing: an options type takes every option 11.x's declares, a
// response type is the model of the same name, a union has the same variants (closed here).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { COMPILER_OPTIONS, OFFICIAL_INDEX } from "./support/compiler.js";

const OUR_INDEX = join(dirname(fileURLToPath(import.meta.url)), "../../../src/index.ts");
const FAMILY =
  /^(?:(?:Tasks|Runs|TaskRuns|AgentPools)[A-Z]\w*|Registries(?:ScheduleRun|GetBuildSourceUploadUrl))(?:OptionalParams|Response)$/;
/** What every 11.x options type inherits from @azure/core-client; acr-tasks has its own operation options. */
const CORE_CLIENT_OPTIONS = ["abortSignal", "requestOptions", "tracingOptions", "serializerOptions", "onResponse"];

const program = ts.createProgram([OFFICIAL_INDEX, OUR_INDEX], COMPILER_OPTIONS);
const checker = program.getTypeChecker();

function exportsOf(file: string): Map<string, ts.Symbol> {
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return new Map(
    checker
      .getExportsOfModule(module)
      .map((s) => [s.name, s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s] as const),
  );
}
const official = exportsOf(OFFICIAL_INDEX);
const ours = exportsOf(OUR_INDEX);
const legacyNames = [...official.keys()].filter((name) => FAMILY.test(name) || name.endsWith("Union")).sort();

function declarationOf(symbol: ts.Symbol): ts.Declaration {
  return symbol.declarations![0];
}

/** The type an alias stands for, as written (`Run`, `RunsListOptions`), or the names of a union's members. */
function aliasTargets(symbol: ts.Symbol): string[] {
  const declaration = declarationOf(symbol);
  if (!ts.isTypeAliasDeclaration(declaration)) return [];
  const node = declaration.type;
  const members = ts.isUnionTypeNode(node) ? node.types : [node];
  return members.map((member) => member.getText()).sort();
}

function propertyNames(symbol: ts.Symbol): string[] {
  return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((p) => p.name);
}

describe("the 11.x type names", () => {
  test("are all exported by acr-tasks: 54 options and response names, 3 unions", () => {
    expect(legacyNames.filter((name) => !ours.has(name))).toEqual([]);
    expect(legacyNames.filter((name) => name.endsWith("Union"))).toHaveLength(3);
    expect(legacyNames).toHaveLength(57);
  });

  test.each(legacyNames)("%s is deprecated and points to a current name", (name) => {
    const tag = ts.getJSDocDeprecatedTag(declarationOf(ours.get(name)!));
    expect(tag, `${name} has no @deprecated tag`).toBeDefined();
    const pointer = /\{@link (\w+)\}/.exec(ts.getTextOfJSDocComment(tag!.comment) ?? "")?.[1];
    expect(pointer && ours.has(pointer), `${name}'s @deprecated names an export of acr-tasks`).toBe(true);
    expect(ts.getJSDocDeprecatedTag(declarationOf(ours.get(pointer!)!))).toBeUndefined();
  });

  test.each(legacyNames.filter((name) => !name.endsWith("OptionalParams")))(
    "%s stands for the model of the same name (a union: the same variants, without the open base)",
    (name) => {
      const theirs = aliasTargets(official.get(name)!);
      const base = name.replace(/Union$/, "");
      expect(
        aliasTargets(ours.get(name)!).flatMap((target) => (target === base ? aliasTargets(ours.get(base)!) : [target])),
      ).toEqual(theirs.filter((target) => target !== base));
    },
  );

  test.each(legacyNames.filter((name) => name.endsWith("OptionalParams")))(
    "%s takes every option 11.x's does",
    (name) => {
      const theirs = propertyNames(official.get(name)!).filter((p) => !CORE_CLIENT_OPTIONS.includes(p));
      const missing = theirs.filter((p) => !propertyNames(ours.get(name)!).includes(p));
      expect(missing).toEqual([]);
    },
  );
});
