// A service that uses ACME's shared fragment library (@acme/docker-fragments, an npm package)
// instead of writing its Dockerfile steps itself: one call gives the virtualenv builder stage, the
// hardened runtime, the labels and the health check, the same in every ACME repository.
import { pythonService } from '@acme/docker-fragments';
import { defineConfig, stage } from '@dockerdsl/core';

const api = stage('api', { from: 'python:3.12-slim' }, [
  pythonService({
    name: 'billing-api',
    module: 'billing.main',
    port: 8080,
    team: 'payments',
    version: '2.3.1',
    source: 'https://github.com/acme/billing-api',
    sourcePaths: ['billing'],
  }),
]);

export default defineConfig({ targets: [api] });
