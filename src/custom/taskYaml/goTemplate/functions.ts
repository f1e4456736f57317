// The shape of a template function as text/template sees a Go func: typed parameters (checked and
// converted like reflect does), an optional variadic tail, and an error return reported as "error calling".
import type { GoValue } from "./goValues.js";

/** A parameter's Go type: interface{} accepts anything, the others must match exactly. */
export type ParamType = "any" | "string" | "int" | "float64" | "bool";

export interface GoFunction {
  params: ParamType[];
  variadic?: ParamType;
  /** The result is an interface{} (text/template digs into it; a nil result prints as no value). */
  returnsInterface?: boolean;
  call(args: GoValue[]): GoValue;
}

/** A function's error result: text/template reports it as `error calling NAME: MESSAGE`. */
export class FunctionError extends Error {}

/**
 * A sprig function acb has but this module does not evaluate (random values, the clock, crypto, the
 * environment of ACR's machine). Rendering stops; the caller decides what that means.
 */
export class UnsupportedFunctionError extends Error {
  constructor(readonly functionName: string) {
    super(`the template function ${functionName} cannot be evaluated outside ACR`);
  }
}

export type FunctionTable = ReadonlyMap<string, GoFunction>;

export function fn(params: ParamType[], call: (args: GoValue[]) => GoValue, variadic?: ParamType): GoFunction {
  return { params, call, variadic };
}

/** A function returning interface{}. */
export function fnAny(params: ParamType[], call: (args: GoValue[]) => GoValue, variadic?: ParamType): GoFunction {
  return { params, call, variadic, returnsInterface: true };
}

/** A function whose result ACR computes from its own state (time, randomness, host): never evaluated here. */
export function unsupported(name: string): GoFunction {
  return {
    params: [],
    variadic: "any",
    call: () => {
      throw new UnsupportedFunctionError(name);
    },
  };
}
