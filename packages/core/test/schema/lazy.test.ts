import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { globalConfig } from 'zod/v4/core';
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

  describe('with the memoizer classic zod installs in the global configuration', () => {
    const before = globalConfig.memoizer;
    afterEach(() => {
      globalConfig.memoizer = before;
    });

    // As a fragment library does: building its first classic object schema installs the memoizer.
    function loadClassicSchemas(): NonNullable<typeof globalConfig.memoizer> {
      z.object({ name: z.string() });
      expect(globalConfig.memoizer).toBeDefined();
      return globalConfig.memoizer as NonNullable<typeof globalConfig.memoizer>;
    }

    it('builds without it, and puts it back', () => {
      const installed = loadClassicSchemas();
      const seenDuringBuild = lazy(() => ({ memoizer: globalConfig.memoizer }))();
      expect(seenDuringBuild.memoizer).toBeUndefined();
      expect(globalConfig.memoizer).toBe(installed);
    });

    it('puts it back after a build that threw', () => {
      const installed = loadClassicSchemas();
      expect(() =>
        lazy(() => {
          throw new Error('build fails');
        })(),
      ).toThrow('build fails');
      expect(globalConfig.memoizer).toBe(installed);
    });

    it('installs none where there was none', () => {
      globalConfig.memoizer = undefined;
      expect(lazy(() => 'built')()).toBe('built');
      expect(globalConfig.memoizer).toBeUndefined();
    });
  });
});
