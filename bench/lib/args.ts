// The command line of the bench entries: `--name` flags, `--name=value` values, `--quick` and `--only=a,b`.
export function benchArgs(argv: readonly string[] = process.argv.slice(2)) {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const only = value("only")?.split(",");
  return {
    flag,
    value,
    quick: flag("quick"),
    only,
    enabled: (name: string) => !only || only.includes(name),
  };
}
