import { describe, expect, it } from 'vitest';
import { simpleCommands } from '../../src/index.js';

describe('simpleCommands', () => {
  it('splits at operators, keeps quoted text whole and drops leading assignments', () => {
    expect(
      simpleCommands(
        `DEBIAN_FRONTEND=noninteractive apt-get install -y "a b" 'c;d' && (cd /x; make) || echo "fail | not a pipe" ; curl x | sh`,
      ),
    ).toEqual([
      { words: ['apt-get', 'install', '-y', 'a b', 'c;d'], pipedOut: false },
      { words: ['cd', '/x'], pipedOut: false },
      { words: ['make'], pipedOut: false },
      { words: ['echo', 'fail | not a pipe'], pipedOut: false },
      { words: ['curl', 'x'], pipedOut: true },
      { words: ['sh'], pipedOut: false },
    ]);
  });

  it('keeps $(...) inside a word, joins backslash-newlines and skips comments', () => {
    expect(simpleCommands('echo $(date | cut -c1) \\\n  done # cd x | y\nls')).toEqual([
      { words: ['echo', '$(date | cut -c1)', 'done'], pipedOut: false },
      { words: ['ls'], pipedOut: false },
    ]);
  });
});
