import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('zod');
  vi.doUnmock('zod/mini');
  vi.resetModules();
});

it('importing the core builds no zod schema: each is built on first use (start-up time, issue #9)', async () => {
  const built: string[] = [];
  vi.resetModules();
  // Both zod entries: the core's own schemas are zod/mini ones, and nothing may build classic ones either.
  const counting = async (importOriginal: <T>() => Promise<T>) => {
    const zod = await importOriginal<Record<string, unknown>>();
    // The schema factories (z.string, z.object, ...) counted; classes and namespaces left as they are.
    const counted = Object.entries(zod).map(([name, value]) =>
      typeof value === 'function' && /^[a-z]/.test(name)
        ? [
            name,
            (...args: unknown[]) => {
              built.push(name);
              return (value as (...args: unknown[]) => unknown)(...args);
            },
          ]
        : [name, value],
    );
    return Object.fromEntries(counted);
  };
  vi.doMock('zod', counting);
  vi.doMock('zod/mini', counting);
  const core = await import('../../src/index.js');
  expect(built).toEqual([]);
  core.run('echo hello');
  expect(built.length, 'the mock sees schemas built on first use').toBeGreaterThan(0);
});
