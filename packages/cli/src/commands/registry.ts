/** Commands load lazily so `dsl build` never pays for what other commands import. */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<(argv: readonly string[]) => Promise<number>>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  build: {
    summary: 'compile docker.config.ts to a Dockerfile',
    load: async () => (await import('./build.js')).build,
  },
  image: {
    summary: 'compile and build the image with BuildKit (docker build -f -)',
    load: async () => (await import('./image.js')).image,
  },
  bake: {
    summary: 'write docker-bake.json: every target, with tags, platforms, args and cache settings',
    load: async () => (await import('./bake.js')).bake,
  },
  graph: {
    summary: 'print the stage graph (Mermaid or DOT): FROM, COPY --from, mounts, gates, targets',
    load: async () => (await import('./graph.js')).graph,
  },
  init: {
    summary: 'detect the project (Node, Python, Go, Rust) and write a starter docker.config.ts',
    load: async () => (await import('./init.js')).init,
  },
  import: {
    summary: 'convert a Dockerfile into a docker.config.ts (stages, steps, recognised fragments)',
    load: async () => (await import('./import.js')).importCommand,
  },
  lint: {
    summary: 'check the config against lint rules (hadolint/BuildKit ids); --fix, --json',
    load: async () => (await import('./lint.js')).lint,
  },
  lock: {
    summary: 'resolve base images to digests in dsl.lock (registry API v2)',
    load: async () => (await import('./lock.js')).lock,
  },
  fragments: {
    summary: 'list the fragments a config can use (built-in and from imported packages); --json',
    load: async () => (await import('./fragments.js')).fragments,
  },
  docs: {
    summary: 'write a Markdown reference for a fragment library from its TypeScript sources',
    load: async () => (await import('./docs.js')).docs,
  },
};
