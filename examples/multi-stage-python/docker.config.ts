import { cmd, copy, defineConfig, env, expose, run, stage, workdir } from '@dockerdsl/core';

const base = stage('base', { from: 'python:3.12' }, [workdir('/app'), run('pip install --no-cache-dir requests')]);

const app = [copy('app.py', '/app/app.py'), expose(8000), cmd(['python', 'app.py'])];

const prod = stage('prod', { from: base }, [env('IS_PROD', 'true'), app]);

const dev = stage('dev', { from: base }, [run('pip install --no-cache-dir pytest'), env('IS_PROD', 'false'), app]);

export default defineConfig({ targets: [dev, prod], defaultTarget: prod });
