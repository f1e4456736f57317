// acb's NewTaskFromString: go-yaml's non-strict Unmarshal of the rendered text into the Task struct, then
// Task.Validate. What go-yaml ignored (unknown keys) and overwrote (a repeated key) is kept for the lint.
import { decodeInto, GoYamlError, unmarshalErrorsMessage, type TaskYamlKeyNote } from "../goYaml/decode.js";
import { taskType } from "../goYaml/goTypes.js";
import { parseYamlTree, YamlSyntaxError } from "../goYaml/yamlTree.js";
import type { DecodedTask } from "./decodedTask.js";
import { TaskRefusal } from "./refusal.js";
import { validateTask } from "./taskRules.js";

export interface UnmarshalledTask {
  task: DecodedTask;
  unknownKeys: TaskYamlKeyNote[];
  repeatedKeys: TaskYamlKeyNote[];
}

/** Throws a TaskRefusal with go-yaml's or Task.Validate's message (acb's callers add their prefixes). */
export function newTaskFromString(text: string): UnmarshalledTask {
  let decoded;
  try {
    decoded = decodeInto<DecodedTask>(parseYamlTree(text), taskType);
  } catch (error) {
    if (error instanceof YamlSyntaxError)
      throw new TaskRefusal(error.message, "yaml-syntax", { line: error.line, lineSpace: "rendered" });
    if (error instanceof GoYamlError) throw new TaskRefusal(error.message, "yaml-type", {});
    throw error;
  }
  const typeErrors = unmarshalErrorsMessage(decoded.typeErrors);
  if (typeErrors !== undefined)
    throw new TaskRefusal(typeErrors, "yaml-type", { line: decoded.typeErrors[0]!.line, lineSpace: "rendered" });
  validateTask(decoded.value);
  return { task: decoded.value, unknownKeys: decoded.unknownKeys, repeatedKeys: decoded.repeatedKeys };
}
