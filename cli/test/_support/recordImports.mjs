// Preloaded with `node --import` by the start-up test: records every module specifier the process
// resolves (through importRecorderHooks.mjs, on Node's loader thread) in the file ACR_TASKS_IMPORT_LOG names.
import { register } from "node:module";

register("./importRecorderHooks.mjs", import.meta.url, { data: { file: process.env.ACR_TASKS_IMPORT_LOG } });
