import { describe, expect, it } from 'vitest';
import { lazy } from '../../src/schema/lazy.js';

describe('lazy', () => {
  it('builds nothing until the first call', () => {
    let builds = 0;
    lazy(() => ++builds);
    expect(builds).toBe(0);
  });

  it('builds once and returns the same value on every call', () => {
    let builds = 0;
    const value = lazy(() => {
      builds += 1;
      return { built: builds };
    });
    const first = value();
    expect(value()).toBe(first);
    expect(value()).toBe(first);
    expect(builds).toBe(1);
  });

  it('remembers a value that is undefined', () => {
    let builds = 0;
    const value = lazy(() => {
      builds += 1;
      return undefined;
    });
    value();
    value();
    expect(builds).toBe(1);
  });

  it('builds again after a build that threw', () => {
    let builds = 0;
    const value = lazy(() => {
      builds += 1;
      if (builds === 1) throw new Error('first build fails');
      return 'built';
    });
    expect(() => value()).toThrow('first build fails');
    expect(value()).toBe('built');
    expect(builds).toBe(2);
  });
});
