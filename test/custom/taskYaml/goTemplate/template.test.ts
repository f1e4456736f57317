// Go's text/template as acb runs it (missingkey=zero, "<no value>" erased, sprig with acb's b64enc), through
// the module's renderer: what renders, and the errors Go gives for what does not.
import { describe, expect, it } from "vitest";
import { loadAndRenderSteps, type RenderContext } from "../../../../src/custom/taskYaml/render.js";
import { TaskRefusal } from "../../../../src/custom/taskYaml/task/refusal.js";
import { UnsupportedFunctionError } from "../../../../src/custom/taskYaml/goTemplate/functions.js";

const context: RenderContext = {
  run: { id: "cb7", registry: "myreg.azurecr.io", branch: "main", date: new Date("2024-01-31T14:22:33Z") },
  values: { file: "tag: v1\nname: My App\ncount: 3\nversion: 1.10\nlist: [a, b]\nflag: yes\nempty: ''\n" },
  resolveSecret: (secret) => `resolved-${secret.id}`,
};
const render = (text: string, extra: Partial<RenderContext> = {}) =>
  loadAndRenderSteps("decoded", text, { ...context, ...extra }, "template").text;
const failure = (text: string) => {
  try {
    render(text);
  } catch (error) {
    if (error instanceof TaskRefusal) return error.message;
    throw error;
  }
  return expect.fail(`expected ${text} to fail`);
};

describe("Go templates as acb renders them", () => {
  it("renders .Run, .Build and .Values", () => {
    expect(render("{{.Run.ID}} {{.Build.ID}} {{.Run.Registry}} {{.Run.RegistryName}} {{.Run.Branch}}")).toBe(
      "cb7 cb7 myreg.azurecr.io myreg main",
    );
    expect(render("{{.Run.Date}} {{.Run.OS}} {{.Run.Architecture}} {{.Values.tag}}")).toBe(
      "20240131-142233z linux amd64 v1",
    );
  });

  it("renders a missing value, run field or map as empty text (missingkey=zero, <no value> erased)", () => {
    expect(render("[{{.Values.nope}}] [{{.Run.GitTag}}] [{{.Run.TriggeredBy}}] [{{.Nothing}}] [<no value>]")).toBe(
      "[] [] [] [] []",
    );
  });

  it("prints values as Go's fmt does: a float read from 1.10 is 1.1, yes is true, a list is [a b]", () => {
    expect(render("{{.Values.version}} {{.Values.flag}} {{.Values.count}} {{.Values.list}} {{ 1e6 }} {{ 2.50 }}")).toBe(
      "1.1 true 3 [a b] 1e+06 2.5",
    );
  });

  it("reaches nested values of a map a function built (.Values.a.b needs nested maps acb can serialise)", () => {
    expect(render(`{{ $d := dict "a" (dict "b" "deep") }}{{ $d.a.b }} {{ (dict "x" "y").x }}`)).toBe("deep y");
  });

  it("runs pipelines, variables, if/else if/else, range (with else), with, and trim markers", () => {
    expect(render('{{ .Values.name | lower | replace " " "-" }}')).toBe("my-app");
    expect(render('{{- if eq .Values.tag "v2" }}two{{ else if .Values.tag }}other{{ else }}none{{ end -}}')).toBe(
      "other",
    );
    expect(render("{{ range $i, $e := .Values.list }}{{$i}}:{{$e}},{{ end }}")).toBe("0:a,1:b,");
    expect(render("{{ range .Values.nope }}x{{ else }}empty{{ end }}")).toBe("empty");
    expect(render("{{ range 3 }}{{ . }}{{ end }}")).toBe("012");
    expect(render("{{ with .Values.name }}[{{ . }}]{{ end }}{{ with .Values.empty }}no{{ else }}-{{ end }}")).toBe(
      "[My App]-",
    );
    expect(render("a  {{- /* a comment */ -}}  b")).toBe("ab");
    expect(render('{{ range .Values.list }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }}')).toBe("a");
  });

  it("has the sprig functions real tasks use, and acb's own b64enc", () => {
    expect(
      render('{{ "Hi" | upper }} {{ "Hi" | lower }} {{ "  x  " | trim }} {{ .Values.tag | quote }} {{ squote "a" }}'),
    ).toBe("HI hi x \"v1\" 'a'");
    expect(
      render(
        '{{ .Values.nope | default "latest" }} {{ .Values.tag | default "latest" }} {{ "a.b.c" | replace "." "/" }}',
      ),
    ).toBe("latest v1 a/b/c");
    expect(
      render('{{ "hello" | b64enc }} {{ .Values.nope | b64enc }}|{{ 5 | b64enc }} {{ "aGVsbG8=" | b64dec }}'),
    ).toBe(`aGVsbG8= |${Buffer.from("<int Value>").toString("base64")} hello`);
    expect(
      render('{{ trimPrefix "v" .Values.tag }} {{ trimSuffix "1" .Values.tag }} {{ contains "App" .Values.name }}'),
    ).toBe("1 v true");
    expect(
      render('{{ join "," .Values.list }} {{ splitList "/" "a/b" }} {{ add 1 2 }} {{ printf "%s-%03d" "x" 7 }}'),
    ).toBe("a,b [a b] 3 x-007");
    expect(render('{{ "abc" | sha256sum | trunc 8 }} {{ title "hello world" }} {{ indent 2 "a\\nb" }}')).toBe(
      "ba7816bf Hello World   a\n  b",
    );
  });

  it("renders {{.Secrets.id}} with the secrets the task declares, resolved first", () => {
    const text =
      "secrets:\n  - id: pw\n    keyvault: https://v.vault.azure.net/secrets/pw\nsteps:\n  - cmd: echo {{.Secrets.pw}}\n";
    expect(render(text)).toContain("echo resolved-pw");
  });

  it("refuses an unclosed action, an unknown function, and an undefined variable, as Go words it", () => {
    expect(failure("cmd: {{ .Run.ID ")).toBe(
      "error while rendering templates: failed to parse template: decoded. Err: template: decoded:1: unclosed action",
    );
    expect(failure("a\n{{ nosuch .Run.ID }}")).toBe(
      'error while rendering templates: failed to parse template: decoded. Err: template: decoded:2: function "nosuch" not defined',
    );
    expect(failure("{{ $x }}")).toBe(
      'error while rendering templates: failed to parse template: decoded. Err: template: decoded:1: undefined variable "$x"',
    );
    expect(failure("{{ if .Run.ID }}x")).toBe(
      "error while rendering templates: failed to parse template: decoded. Err: template: decoded:1: unexpected EOF",
    );
    expect(failure('{{ "a".x }} {{ true.x }}')).toBe(
      'error while rendering templates: failed to parse template: decoded. Err: template: decoded:1: unexpected . after term "\\"a\\""',
    );
  });

  it("refuses at execution what Go does: a field of a missing value, a missing value into a string function", () => {
    expect(failure("{{ .Values.nope.deeper }}")).toBe(
      'error while rendering templates: failed to execute template: decoded. Err: template: decoded:1:3: executing "decoded" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper',
    );
    expect(failure("x: {{ .Values.nope | upper }}")).toBe(
      'error while rendering templates: failed to execute template: decoded. Err: template: decoded:1:21: executing "decoded" at <upper>: invalid value; expected string',
    );
    expect(failure("{{ .Values.count | upper }}")).toContain("wrong type for value; expected string; got int");
  });

  it("refuses values go-yaml reads into nested maps: acb cannot serialise them as .ValuesJSON", () => {
    expect(() => render("{{.Values.a.b}}", { values: { file: "a:\n  b: c\n" } })).toThrow(
      "failed to override values: failed to serialize Values: json: unsupported type: map[interface {}]interface {}",
    );
  });

  it("stops at a function only ACR's machine can evaluate", () => {
    expect(() => render("{{ now }}")).toThrow(UnsupportedFunctionError);
  });
});
