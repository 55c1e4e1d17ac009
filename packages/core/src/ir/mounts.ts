import type { StageRef } from './stage.js';

/** `RUN --mount=type=cache`: persists between builds, never part of the image. */
export interface CacheMount {
  readonly type: 'cache';
  readonly target: string;
  readonly id?: string;
  readonly sharing?: 'shared' | 'private' | 'locked';
  readonly readonly?: boolean;
  readonly from?: StageRef | string;
  readonly source?: string;
  readonly mode?: string;
  readonly uid?: number;
  readonly gid?: number;
}

/** `RUN --mount=type=secret`: the one way a build step should see a credential. */
export interface SecretMount {
  readonly type: 'secret';
  readonly id: string;
  readonly target?: string;
  readonly env?: string;
  readonly required?: boolean;
  readonly mode?: string;
  readonly uid?: number;
  readonly gid?: number;
}

export interface SshMount {
  readonly type: 'ssh';
  readonly id?: string;
  readonly target?: string;
  readonly required?: boolean;
  readonly mode?: string;
  readonly uid?: number;
  readonly gid?: number;
}

/** `RUN --mount=type=bind`: reads files from the context or a stage without a layer. */
export interface BindMount {
  readonly type: 'bind';
  readonly target: string;
  readonly source?: string;
  readonly from?: StageRef | string;
  readonly rw?: boolean;
}

export interface TmpfsMount {
  readonly type: 'tmpfs';
  readonly target: string;
  readonly size?: number;
}

export type Mount = CacheMount | SecretMount | SshMount | BindMount | TmpfsMount;
