import {
  aptInstall,
  captureDslError,
  copy,
  copyApp,
  DslError,
  fragment,
  fragmentSteps,
  GENERATED_HEADER,
  heredoc,
  renderFragment,
  run,
  stage,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';

describe('renderFragment', () => {
  it('returns the stage from its FROM line, without the generated header', () => {
    const text = renderFragment(run('echo hi'));
    expect(text).toBe('FROM debian:bookworm-slim AS test\nRUN echo hi\n');
    expect(text).not.toContain(GENERATED_HEADER);
  });

  it('takes the base image, the stage name and a syntax level, and drops the # syntax= directive', () => {
    const text = renderFragment(run(heredoc('echo one\n\necho two\n')), {
      from: 'alpine:3.20',
      stageName: 'probe',
      syntax: '1.4',
    });
    expect(text).toBe("FROM alpine:3.20 AS probe\nRUN <<'EOF'\necho one\n\necho two\nEOF\n");
  });

  it('runs the compiler passes: ordering and merging', () => {
    expect(renderFragment([copyApp(), aptInstall(['git']), aptInstall(['curl'])])).toMatch(
      /^FROM debian:bookworm-slim AS test\nRUN [^\n]*\\\n(.*\n)*.*install -y --no-install-recommends curl git \\\n.*docker-clean; fi\nCOPY \. \.\n$/,
    );
    expect(renderFragment([copyApp(), aptInstall(['curl'])], { optimize: { orderForCache: false } })).toMatch(
      /^FROM debian:bookworm-slim AS test\nCOPY \. \.\nRUN /,
    );
  });

  it('emits the stages a fragment references before the throwaway stage', () => {
    const builder = stage('builder', { from: 'alpine:3.20' }, [run('touch /out')]);
    expect(renderFragment(copy('/out', '/out', { from: builder }))).toBe(
      'FROM alpine:3.20 AS builder\nRUN touch /out\n\nFROM debian:bookworm-slim AS test\nCOPY --from=builder /out /out\n',
    );
  });

  it('reports errors the emitter finds as DslErrors naming the fragment', () => {
    const error = captureDslError(() => renderFragment(fragment('mine', run('echo a\\'))));
    expect(error.location).toMatchObject({ stage: 'test', step: 1, fragment: 'mine' });
  });
});

describe('fragmentSteps', () => {
  it('flattens nested fragments and keeps the ordering metadata', () => {
    const steps = fragmentSteps(fragment('outer', aptInstall(['curl']), [copyApp()]));
    expect(steps.map((step) => [step.kind, step.phase, step.origin.chain])).toEqual([
      ['run', 'system', ['outer', 'aptInstall']],
      ['copy', 'source', ['outer', 'copyApp']],
    ]);
  });
});

describe('captureDslError', () => {
  it('returns the DslError thrown', () => {
    expect(captureDslError(() => aptInstall([]))).toBeInstanceOf(DslError);
  });

  it('fails when nothing or something else is thrown', () => {
    expect(() => captureDslError(() => undefined)).toThrow(/nothing was thrown/);
    expect(() =>
      captureDslError(() => {
        throw new TypeError('boom');
      }),
    ).toThrow(/expected a DslError, got: TypeError: boom/);
  });
});
