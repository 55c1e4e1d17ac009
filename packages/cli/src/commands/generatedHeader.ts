/** A generated file starts with the header, after an optional `# syntax=` directive and blank line. */
export function hasGeneratedHeader(text: string, header: string): boolean {
  return text.split('\n', 4).some((line) => line.startsWith(header));
}
