import { describe, expect, it } from 'vitest';
import { programOffsets, simpleCommands } from '../../src/index.js';

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

describe('programOffsets', () => {
  const programsOf = (script: string) =>
    [...programOffsets(script)].map((offset) => script.slice(offset).split(/\s/)[0]);

  it('finds each command’s program, past assignments, keywords, wrappers and directories', () => {
    expect(
      programsOf('DEBIAN_FRONTEND=x apt-get update && sudo -E apt install -y curl; /usr/bin/apt-get clean'),
    ).toEqual(['apt-get', 'apt', 'apt-get']);
    expect(programsOf('if [ -f x ]; then apt-get install -y a; fi | tee log')).toEqual(['[', 'apt-get', 'fi', 'tee']);
  });

  it('leaves out the same words in quotes, comments, arguments and quoted programs', () => {
    expect(programsOf(`echo 'apt-get install is fine' "apt install" # apt-get install\nxargs apt-get < list`)).toEqual([
      'echo',
      'apt-get',
    ]);
    expect(programsOf(`'apt-get' install; a\\pt install; $(apt-get x) y`)).toEqual(['$(apt-get']);
  });
});
