// acb's LoadAndRenderSteps: the values merged and turned into render data, the secrets the task declares
// resolved first (when the text mentions "secrets" acb renders once, parses the task and resolves its
// secrets), then the Go template rendered with missingkey=zero and "<no value>" erased.
import { executeTemplate, TemplateExecError } from "./goTemplate/exec.js";
import { templateFunctions } from "./goTemplate/funcTable.js";
import { StrMap } from "./goTemplate/goValues.js";
import { parseTemplate, TemplateParseError } from "./goTemplate/parser.js";
import { lastAtOrBefore, lineLocator, linesFromOffsets, type LineMap } from "./lineMap.js";
import { templateData, type TaskRunData } from "./runData.js";
import { TaskRefusal, type LineSpace } from "./task/refusal.js";
import { newTaskFromString } from "./task/unmarshalTask.js";
import { mergeValues, ValuesError, type ValuesInput } from "./values.js";

/** A secret of the task as acb resolves it (from Azure Key Vault, with the given identity). */
export interface TaskSecretReference {
  /** The secret's id in the task (`{{.Secrets.<id>}}`). */
  id: string;
  /** The Key Vault secret's URL. */
  keyvault: string;
  /** The client id of the identity to read it with (empty: the system identity). */
  clientID: string;
}

export interface RenderContext {
  run: TaskRunData;
  values: ValuesInput;
  /** The secret's value, or throws an Error whose message acb's failure would carry. */
  resolveSecret: (secret: TaskSecretReference) => string;
  /** A `.Values...` (or other map) lookup found no key; the line counts in the template text. */
  onMissingKey?: (path: string, line: number) => void;
}

export interface Rendered {
  text: string;
  /** For each rendered line, the line of the template text it came from. */
  lines: LineMap;
}

/** Engine.Render: parse and execute, "<no value>" erased; errors as acb words them. */
function renderGoTemplate(
  name: string,
  text: string,
  data: StrMap,
  context: RenderContext,
  lineSpace: LineSpace,
): Rendered {
  const hasFunction = (fn: string) => templateFunctions.has(fn);
  const lineAt = lineLocator(text);
  try {
    const parsed = parseTemplate(name, text, hasFunction);
    const { output, segments } = executeTemplate(parsed, data, {
      name,
      text,
      funcs: templateFunctions,
      onMissingKey: (path, pos) => context.onMissingKey?.(path, lineAt(pos)),
    });
    const segmentStarts = segments.map((segment) => segment.outStart);
    const lines = linesFromOffsets(output, (offset) => {
      const segment = segments[lastAtOrBefore(segmentStarts, offset)];
      if (!segment) return 1;
      return lineAt(segment.copied ? segment.srcPos + (offset - segment.outStart) : segment.srcPos);
    });
    return { text: output.replaceAll("<no value>", ""), lines };
  } catch (error) {
    if (error instanceof TemplateParseError)
      throw new TaskRefusal(`failed to parse template: ${name}. Err: ${error.message}`, "template", {
        line: error.line,
        lineSpace,
      });
    if (error instanceof TemplateExecError)
      throw new TaskRefusal(`failed to execute template: ${name}. Err: ${error.message}`, "template", {
        line: error.line,
        lineSpace,
      });
    throw error;
  }
}

function resolveSecrets(
  name: string,
  text: string,
  base: StrMap,
  context: RenderContext,
  lineSpace: LineSpace,
): StrMap {
  const secrets = new StrMap();
  if (!text.includes("secrets")) return secrets;
  const wrap = (refusal: TaskRefusal) => refusal.wrap("failed to resolve secrets in the task with error");
  base.entries.set("Secrets", secrets);
  let rendered: Rendered;
  try {
    rendered = renderGoTemplate(name, text, base, { ...context, onMissingKey: undefined }, lineSpace);
  } catch (error) {
    throw error instanceof TaskRefusal ? wrap(error.wrap("failed to render the template")) : error;
  }
  if (rendered.text === "") throw wrap(new TaskRefusal("rendered template was empty", "template", {}));
  let task;
  try {
    task = newTaskFromString(rendered.text).task;
  } catch (error) {
    if (!(error instanceof TaskRefusal)) throw error;
    const { line } = error.location;
    const location = { ...error.location, line: line === undefined ? undefined : rendered.lines[line - 1], lineSpace };
    throw wrap(new TaskRefusal(error.message, error.rule, location).wrap("failed to parse template to create task"));
  }
  for (const secret of task.secrets) {
    if (!secret) continue;
    try {
      secrets.entries.set(
        secret.id,
        context.resolveSecret({ id: secret.id, keyvault: secret.keyvault, clientID: secret.clientID }),
      );
    } catch (error) {
      throw new TaskRefusal(
        `failed to resolve secrets in the task with error: ${(error as Error).message}`,
        "secret",
        {},
      );
    }
  }
  return secrets;
}

/** LoadAndRenderSteps(template, opts): the rendered text, or a TaskRefusal with acb's message. */
export function loadAndRenderSteps(name: string, text: string, context: RenderContext, lineSpace: LineSpace): Rendered {
  let data: StrMap;
  try {
    data = templateData(context.run, mergeValues(context.values), new StrMap());
  } catch (error) {
    if (error instanceof ValuesError)
      throw new TaskRefusal(`failed to override values: ${error.message}`, "values", {});
    throw error;
  }
  const secrets = resolveSecrets(name, text, data, context, lineSpace);
  data.entries.set("Secrets", secrets);
  try {
    return renderGoTemplate(name, text, data, context, lineSpace);
  } catch (error) {
    throw error instanceof TaskRefusal ? error.wrap("error while rendering templates") : error;
  }
}
