import type { BindMount, CacheMount, SecretMount, SshMount, TmpfsMount } from '../ir/mounts.js';

/** `--mount=type=cache`: a package manager's download cache kept between builds. */
export function cacheMount(target: string, options: Omit<CacheMount, 'type' | 'target'> = {}): CacheMount {
  return Object.freeze({ type: 'cache', target, ...options });
}

/** `--mount=type=secret`: a credential visible to one RUN, never stored in a layer. */
export function secretMount(id: string, options: Omit<SecretMount, 'type' | 'id'> = {}): SecretMount {
  return Object.freeze({ type: 'secret', id, ...options });
}

/** `--mount=type=ssh`: the builder's forwarded SSH agent. */
export function sshMount(options: Omit<SshMount, 'type'> = {}): SshMount {
  return Object.freeze({ type: 'ssh', ...options });
}

/** `--mount=type=bind`: read files from the context or another stage without copying them. */
export function bindMount(target: string, options: Omit<BindMount, 'type' | 'target'> = {}): BindMount {
  return Object.freeze({ type: 'bind', target, ...options });
}

/** `--mount=type=tmpfs`. */
export function tmpfsMount(target: string, options: Omit<TmpfsMount, 'type' | 'target'> = {}): TmpfsMount {
  return Object.freeze({ type: 'tmpfs', target, ...options });
}
