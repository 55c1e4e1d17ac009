/**
 * Image references as the builder parses them (the distribution/reference grammar): a FROM or
 * `COPY --from` that is not a valid reference fails every build, e.g. an unrendered template's
 * `FROM %%BASE_IMAGE%%`.
 */

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);
const NAME = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`);

/** Why `image` is not a valid image reference, or undefined when it is (or holds variables). */
export function invalidReference(image: string): string | undefined {
  if (image.includes('$')) return undefined;
  if (image === '') return 'the image name is empty';
  if (/%%[A-Za-z0-9_-]+%%/.test(image)) {
    return `"${image}" holds a template placeholder (${/%%[A-Za-z0-9_-]+%%/.exec(image)?.[0]}): render the template first`;
  }
  if (!REFERENCE.test(image)) {
    const lower = image.toLowerCase();
    if (lower !== image && REFERENCE.test(lower)) return `"${image}": repository names must be lowercase`;
    return `"${image}" is not a valid image reference`;
  }
  // Only a first component with a dot, a port or `localhost` is a registry; otherwise it is part of
  // the repository name and must be lowercase.
  const first = image.split('/')[0] as string;
  if (
    image.includes('/') &&
    !/[.:]/.test(first) &&
    first !== 'localhost' &&
    !new RegExp(`^${PATH_COMPONENT}$`).test(first)
  ) {
    return `"${image}": repository names must be lowercase`;
  }
  const name = NAME.exec(image)?.[0] ?? image;
  if (name.length > 255) return `"${image}": the repository name is longer than 255 characters`;
  if (/^[a-f0-9]{64}$/.test(image)) return `"${image}": a 64-character hexadecimal string is an image id, not a name`;
  return undefined;
}
