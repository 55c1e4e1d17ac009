import { fstatSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The CLI's output to stdout and stderr, written synchronously to the file descriptors. Creating
 * `process.stdout` or `process.stderr` loads Node's streams, net and tty (about 6 ms of a ~170 ms
 * `dsl build`, measured), to then write synchronously anyway: that is what Node does on Linux for
 * files, pipes and terminals. Every write of the CLI goes through here, so none is reordered
 * against a stream's, and all of it is out before the process exits.
 */
export function writeStdout(text: string): void {
  writeAll(1, text);
}

export function writeStderr(text: string): void {
  writeAll(2, text);
}

/**
 * Is the descriptor a terminal? Only a character device can be, so pipes and files never load tty
 * (and with it net: about 2 ms), and neither does /dev/null, the character device output is most
 * often sent to.
 */
export function isTerminal(fd: 1 | 2): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice() || isDevNull(stat.rdev)) return false;
  } catch {
    return false;
  }
  const tty = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
  return tty.isatty(fd);
}

/** Is `rdev` the device of /dev/null? False where there is none (Windows). */
function isDevNull(rdev: number): boolean {
  try {
    return rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

function writeAll(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A descriptor inherited in non-blocking mode (a parent's stream set it) is full for now.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      // The reader went away (`dsl build --stdout | head`): nothing more can be shown.
      if (code === 'EPIPE') return;
      throw error;
    }
  }
}
