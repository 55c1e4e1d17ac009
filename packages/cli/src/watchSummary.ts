/**
 * What `dsl build --watch` watches, in words, from its filters per directory (a set of file
 * names, or undefined for a directory watched for any TypeScript, JavaScript or JSON file, before
 * a manifest lists the config's modules): `2 files in 2 directories`, `1 file in 1 directory, and
 * every TypeScript, JavaScript or JSON file in 1 directory`.
 */
export function watchSummary(names: ReadonlyMap<string, ReadonlySet<string> | undefined>): string {
  const sets = [...names.values()];
  const files = sets.reduce((count, set) => count + (set?.size ?? 0), 0);
  const fileDirectories = sets.filter((set) => set !== undefined).length;
  const wholeDirectories = sets.length - fileDirectories;
  const parts: string[] = [];
  if (fileDirectories > 0) parts.push(`${plural(files, 'file')} in ${directories(fileDirectories)}`);
  if (wholeDirectories > 0) parts.push(`every TypeScript, JavaScript or JSON file in ${directories(wholeDirectories)}`);
  return parts.length > 0 ? parts.join(', and ') : 'nothing';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function directories(count: number): string {
  return `${count} director${count === 1 ? 'y' : 'ies'}`;
}
