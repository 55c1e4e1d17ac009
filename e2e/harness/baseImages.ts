/**
 * The images a Dockerfile's FROM lines pull in: FROM references that are neither an earlier
 * stage nor `scratch`. Nothing can be pulled on the e2e machines, so a test checks these against
 * the fixture list before building, which turns a registry DNS error into a clear message.
 */
export function externalBaseImages(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const match of dockerfile.matchAll(/^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/gim)) {
    const ref = match[1] ?? '';
    if (!stages.has(ref.toLowerCase()) && ref.toLowerCase() !== 'scratch' && !images.includes(ref)) images.push(ref);
    if (match[2] !== undefined) stages.add(match[2].toLowerCase());
  }
  return images;
}
