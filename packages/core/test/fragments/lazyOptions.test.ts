import { captureDslError, defineFragment, renderFragment, run } from '@dockerdsl/core';
import { z } from '@dockerdsl/core/zod';
import { describe, expect, it } from 'vitest';

/** A fragment whose options schema is given as a function, counting how often it is built. */
function countingFragment() {
  const counter = { builds: 0 };
  const greet = defineFragment({
    name: 'greet',
    description: 'Says hello.',
    package: '@acme/greet',
    options: () => {
      counter.builds += 1;
      return z.strictObject({ who: z.string().min(1), loud: z.boolean().default(false) });
    },
    positional: 'who',
    build: ({ who, loud }) => run(loud ? `echo HELLO ${who.toUpperCase()}` : `echo hello ${who}`),
  });
  return { greet, counter };
}

describe('defineFragment with options given as a function', () => {
  it('builds no schema when the fragment is defined', () => {
    const { counter } = countingFragment();
    expect(counter.builds).toBe(0);
  });

  it('builds the schema once, on the first call, and validates with it', () => {
    const { greet, counter } = countingFragment();
    expect(renderFragment(greet('world'))).toContain('RUN echo hello world');
    expect(renderFragment(greet({ who: 'you', loud: true }))).toContain('RUN echo HELLO YOU');
    expect(captureDslError(() => greet('')).message).toMatch(/invalid options of greet\(\) at who: /);
    expect(counter.builds).toBe(1);
  });

  it('gives fragment.options as the very schema calls validate with, built once', () => {
    const { greet, counter } = countingFragment();
    const schema = greet.fragment.options;
    expect(schema).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(schema.shape)).toEqual(['who', 'loud']);
    greet('world');
    expect(greet.fragment.options).toBe(schema);
    expect(counter.builds).toBe(1);
  });

  it('keeps the metadata frozen and lists options among its keys', () => {
    const { greet } = countingFragment();
    expect(Object.isFrozen(greet.fragment)).toBe(true);
    expect(Object.keys(greet.fragment)).toEqual([
      'name',
      'description',
      'options',
      'positional',
      'package',
      'coreMajor',
    ]);
  });

  it('infers option types from the function', () => {
    const { greet } = countingFragment();
    // @ts-expect-error `who` is a string
    expect(() => greet(42)).toThrow();
    // @ts-expect-error `loud` is a boolean
    expect(() => greet('world', { loud: 'yes' })).toThrow();
  });
});

describe('defineFragment with a plain schema (as fragment libraries write it)', () => {
  const schema = z.strictObject({ port: z.number().int().min(1).max(65535) });
  const listen = defineFragment({
    name: 'listen',
    description: 'Documents a port.',
    package: '@acme/listen',
    options: schema,
    build: ({ port }) => run(`echo ${port}`),
  });

  it('validates with that schema and gives it back as fragment.options', () => {
    expect(renderFragment(listen({ port: 8080 }))).toContain('RUN echo 8080');
    expect(captureDslError(() => listen({ port: 0 })).message).toMatch(/invalid options of listen\(\) at port: /);
    expect(listen.fragment.options).toBe(schema);
  });
});
