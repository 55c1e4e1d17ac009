// The words BuildKit's SecretsUsedInArgOrEnv check looks for, and the ones that clear a name.
const SECRET_WORDS = new Set([
  'apikey',
  'auth',
  'credential',
  'credentials',
  'key',
  'password',
  'pword',
  'passwd',
  'secret',
  'token',
]);
const ALLOW_WORDS = new Set(['public', 'file', 'version']);
// Each word of a name is a piece of the lower-cased name: without any secret word in it, no word
// can be one. The cheap test that clears almost every name before splitting it into words.
const HOLDS_SECRET_WORD = new RegExp([...SECRET_WORDS].join('|'));

/** The words of a variable name: split at `_` and at camelCase humps, lower-cased. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\W]+/)
    .filter(Boolean);
}

/**
 * Whether an ENV/ARG name looks like it holds a credential, as BuildKit's build check judges it: one
 * of its words is apikey, auth, credential(s), key, password, pword, passwd, secret or token, and
 * none is public, file or version (`GITHUB_TOKEN` yes, `TOKEN_FILE` and `AUTHOR` no). dsl also
 * splits camelCase (`apiKey`).
 */
export function isSecretLikeName(name: string): boolean {
  if (!HOLDS_SECRET_WORD.test(name.toLowerCase())) return false;
  const list = words(name);
  return list.some((word) => SECRET_WORDS.has(word)) && !list.some((word) => ALLOW_WORDS.has(word));
}
