import { expect, test } from 'vitest';
import { externalBaseImages } from './baseImages.js';

test('stage references and scratch are not external images', () => {
  const dockerfile = [
    'FROM golang:1.22-bookworm AS builder',
    'FROM --platform=$BUILDPLATFORM python:3.12 as Base',
    'FROM base AS dev',
    'FROM builder',
    'FROM scratch AS runtime',
    'FROM python:3.12 AS again',
  ].join('\n');
  expect(externalBaseImages(dockerfile)).toEqual(['golang:1.22-bookworm', 'python:3.12']);
});
