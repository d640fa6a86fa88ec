import * as fs from 'fs';

/** What a file the user names may be at most, by kind: generous for text a person writes. */
export const TEXT_FILE_LIMITS = {
  /** ssh_config and each file it includes. */
  sshConfig: 1024 * 1024,
  /** An Ansible inventory. */
  inventory: 16 * 1024 * 1024,
  /** One saved output of an Ansible export's run (the SSH runner keeps as much of an output). */
  ansibleResult: 64 * 1024 * 1024,
  /** entry.yaml and its prose. */
  entry: 1024 * 1024,
  /** known_hosts. */
  knownHosts: 16 * 1024 * 1024,
} as const;

/** A file that cannot be read as the text it should be: the message names the file and the cause in words. */
export class FileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links (a loop)',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** An errno as words ("ENOENT" → "no such file"), or the error's own message. */
export function errnoWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code && ERRNO_WORDS[code]) ?? (e as Error)?.message ?? String(e);
}

/**
 * Reads a text file a user named (a config, an inventory, an entry): only a regular file, and
 * at most `maxBytes` of it, so that /dev/zero, a FIFO or a runaway file fails at once with a
 * sentence instead of hanging or filling memory. The file is opened without blocking, then
 * checked: a FIFO opened this way does not wait for a writer.
 */
export function readTextFile(file: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new FileError(file, errnoWords(e));
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new FileError(file, 'is a folder, not a file');
    if (!st.isFile()) throw new FileError(file, 'is not a regular file (a device, FIFO or socket); give a file');
    if (st.size > maxBytes) throw new FileError(file, `is ${st.size} bytes, more than the ${maxBytes} such a file may have`);
    // Read to the limit and one byte more: a file that grows past it (or a /proc file that says 0) is caught too.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const r = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (r === 0) break;
      total += r;
      if (total > maxBytes) throw new FileError(file, `is more than the ${maxBytes} bytes such a file may have`);
      chunks.push(chunk.subarray(0, r));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (e) {
    throw e instanceof FileError ? e : new FileError(file, errnoWords(e));
  } finally {
    fs.closeSync(fd);
  }
}
