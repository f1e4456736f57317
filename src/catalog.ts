// acr-tasks/catalog: every operation and schema of every feed, exactly as the client sends and checks
// them, for tools that serve or inspect the API (the acr-tasks-emulator package is built on it).
export { alternativeFeeds, feeds } from "./generated/catalog.js";
export type { AlternativeFeedCatalog, FeedCatalog } from "./generated/catalog.js";
export { validateValue } from "./custom/validate.js";
export type { ValidationIssue } from "./custom/validate.js";
export type {
  AnySchema,
  ArraySchema,
  BooleanSchema,
  ConstantSchema,
  DateTimeSchema,
  DictionarySchema,
  NumberSchema,
  ObjectSchema,
  OperationSpec,
  ParameterSpec,
  PropertySchema,
  ResponseSpec,
  Schema,
  SchemaRef,
  StringSchema,
} from "./generated/runtime.js";
