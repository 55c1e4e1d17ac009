import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { cacheMount } from '../api/mounts.js';
import { env, run, sh } from '../api/steps.js';
import { expand } from '../ir/text.js';
import { imagePath, options, shellWord } from './shared.js';

/**
 * Creates a virtual environment (default `/opt/venv`) and activates it for every later step and
 * for the container: `ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"`. Later `pip install`
 * (and `pipInstall`, `poetryInstall` with its default settings) install into it, and a runtime
 * stage can take the whole environment with `copyArtifacts(builder, ['/opt/venv'], '/opt/venv')`.
 *
 * Both steps are in the `toolchain` phase. The ENV step is an ordering barrier, so steps written
 * after `pythonVenv()` stay after it.
 *
 * @example
 * pythonVenv()
 * pythonVenv({ path: '/venv', python: 'python3.12', upgradePip: true })
 */
export const pythonVenv = defineFragment({
  name: 'pythonVenv',
  description: 'Creates a Python virtual environment and puts it first on PATH (ENV VIRTUAL_ENV, PATH).',
  options: () =>
    options({
      /** Where the environment lives. Default `/opt/venv`. */
      path: z._default(imagePath(), '/opt/venv'),
      /** The interpreter that creates it. Default `python3`. */
      python: z._default(shellWord('an interpreter name or path such as python3.12'), 'python3'),
      /** `--system-site-packages`. Default false. */
      systemSitePackages: z._default(z.boolean(), false),
      /** Upgrade pip inside the new environment (with the pip cache mount). Default false. */
      upgradePip: z._default(z.boolean(), false),
    }),
  example: 'pythonVenv()',
  build: ({ path, python, systemSitePackages, upgradePip }) => {
    const create = `${python} -m venv${systemSitePackages ? ' --system-site-packages' : ''} ${path}`;
    return [
      upgradePip
        ? run(sh(create, `${path}/bin/pip install --upgrade pip`), {
            mounts: [cacheMount('/root/.cache/pip')],
            phase: 'toolchain',
            writes: [path],
          })
        : run(create, { phase: 'toolchain', writes: [path] }),
      env({ VIRTUAL_ENV: path, PATH: expand(`${path}/bin:$PATH`) }, { phase: 'toolchain' }),
    ];
  },
});
