import { existsSync, type FSWatcher, watch } from 'node:fs';
import { basename } from 'node:path';

/** How often a deleted directory is looked for again. */
export const REAPPEAR_POLL_MS = 200;

export interface DirectoryWatch {
  close(): void;
}

/**
 * Watches a directory (node:fs watch) and keeps watching it across its deletion and re-creation,
 * as `git checkout` of a branch without it and back does: the inotify watch ends with the
 * directory it was on, so a new one is armed on the directory that takes its place, polled for
 * while there is none. `onChange` gets the name of a changed entry, or null when the directory has
 * come back (anything in it may be new).
 */
export function watchDirectory(dir: string, onChange: (filename: string | null) => void): DirectoryWatch {
  let watcher: FSWatcher | undefined;
  let poll: NodeJS.Timeout | undefined;
  let closed = false;

  const arm = (): boolean => {
    try {
      const armed = watch(dir, { persistent: true }, (_event, filename) => {
        const name = filename === null ? null : String(filename);
        // Linux reports the watched directory's own deletion or move under its name, then nothing
        // more. (A file of the same name inside only costs a needless re-arm.)
        if (name === basename(dir)) rearm();
        onChange(name);
      });
      armed.on('error', rearm);
      watcher = armed;
      return true;
    } catch {
      return false;
    }
  };

  /** Drops the current watch and arms a new one now, or once the directory exists again. */
  const rearm = (): void => {
    watcher?.close();
    watcher = undefined;
    if (closed || poll !== undefined) return;
    if (existsSync(dir) && arm()) {
      onChange(null);
      return;
    }
    // Kept referenced, like the watch it stands in for: waiting for the directory keeps dsl running.
    poll = setInterval(() => {
      if (!existsSync(dir) || !arm()) return;
      clearInterval(poll);
      poll = undefined;
      onChange(null);
    }, REAPPEAR_POLL_MS);
  };

  if (!arm()) rearm();
  return {
    close: () => {
      closed = true;
      clearInterval(poll);
      watcher?.close();
    },
  };
}
