import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/schema/closestName.js';
import { unknownKeysMessage } from '../../src/schema/strictObject.js';

describe('closestName', () => {
  const options = ['phase', 'reads', 'writes', 'needs', 'independent', 'mounts', 'network', 'requirements'];

  it('finds the name a typo was meant to be: a letter dropped, added, changed or two swapped', () => {
    expect(closestName('phse', options)).toBe('phase');
    expect(closestName('mountss', options)).toBe('mounts');
    expect(closestName('netwerk', options)).toBe('network');
    expect(closestName('requirments', options)).toBe('requirements');
    expect(closestName('wirtes', options)).toBe('writes');
    expect(closestName('Phase', options)).toBe('phase');
  });

  it('suggests nothing for a word that is not a near miss', () => {
    expect(closestName('cache', options)).toBeUndefined();
    expect(closestName('x', ['from', 'platform'])).toBeUndefined();
    expect(closestName('user', ['from'])).toBeUndefined();
  });
});

describe('unknownKeysMessage', () => {
  it('names each unknown key, with a suggestion where one is close, and lists the known keys', () => {
    expect(unknownKeysMessage(['phse'], ['phase', 'mounts'], 'option')).toBe(
      'unknown option "phse" (did you mean "phase"?); options: phase, mounts',
    );
    expect(unknownKeysMessage(['phse', 'zzz'], ['phase', 'mounts'], 'option')).toBe(
      'unknown options "phse" (did you mean "phase"?), "zzz"; options: phase, mounts',
    );
  });
});
