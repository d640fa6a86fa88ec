import type * as fs from 'fs';
import * as path from 'path';
import { utils, type SFTPWrapper } from 'ssh2';
import type { LabFiles } from './labFiles';

const { STATUS_CODE, OPEN_MODE } = utils.sftp;

const attrsOf = (st: fs.Stats) => ({ mode: st.mode, uid: 0, gid: 0, size: st.size, atime: Math.floor(st.atimeMs / 1000), mtime: Math.floor(st.mtimeMs / 1000) });

/**
 * A lab host's SFTP subsystem: its files, read-only, as a real host's would be to a user
 * who may read them. Writing, renaming and removing are refused with PERMISSION_DENIED.
 */
export function serveSftp(sftp: SFTPWrapper, files: LabFiles): void {
  const handles = new Map<number, { path: string; data?: Buffer; listed?: boolean }>();
  let next = 0;
  const handle = (entry: { path: string; data?: Buffer }) => {
    const h = Buffer.alloc(4);
    h.writeUInt32BE(next);
    handles.set(next++, entry);
    return h;
  };
  const of = (h: Buffer) => (h.length === 4 ? handles.get(h.readUInt32BE(0)) : undefined);
  const stat = (reqid: number, p: string) => {
    const st = files.stat(p);
    return st ? sftp.attrs(reqid, attrsOf(st)) : sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
  };

  sftp.on('REALPATH', (reqid, p) => {
    const abs = path.posix.normalize(p.startsWith('/') ? p : `/${p}`);
    sftp.name(reqid, [{ filename: abs, longname: abs, attrs: {} as never }]);
  });
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);
  sftp.on('FSTAT', (reqid, h) => {
    const e = of(h);
    return e ? stat(reqid, e.path) : sftp.status(reqid, STATUS_CODE.FAILURE);
  });
  sftp.on('OPEN', (reqid, filename, flags) => {
    if (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT | OPEN_MODE.TRUNC)) return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'Permission denied: the lab is read-only');
    const data = files.read(filename);
    return data ? sftp.handle(reqid, handle({ path: filename, data })) : sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE);
  });
  sftp.on('READ', (reqid, h, offset, length) => {
    const e = of(h);
    if (!e?.data) return sftp.status(reqid, STATUS_CODE.FAILURE);
    if (offset >= e.data.length) return sftp.status(reqid, STATUS_CODE.EOF);
    return sftp.data(reqid, e.data.subarray(offset, Math.min(e.data.length, offset + length)));
  });
  sftp.on('OPENDIR', (reqid, p) => (files.stat(p)?.isDirectory() ? sftp.handle(reqid, handle({ path: p })) : sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE)));
  sftp.on('READDIR', (reqid, h) => {
    const e = of(h);
    if (!e) return sftp.status(reqid, STATUS_CODE.FAILURE);
    if (e.listed) return sftp.status(reqid, STATUS_CODE.EOF);
    e.listed = true;
    const names = files.list(e.path).map((n) => {
      const st = files.stat(path.posix.join(e.path, n))!;
      return { filename: n, longname: `${st.isDirectory() ? 'd' : '-'}r--r--r-- 1 root root ${st.size} Jan  1 00:00 ${n}`, attrs: attrsOf(st) };
    });
    return sftp.name(reqid, names);
  });
  sftp.on('CLOSE', (reqid, h) => {
    if (h.length === 4) handles.delete(h.readUInt32BE(0));
    sftp.status(reqid, STATUS_CODE.OK);
  });
  for (const op of ['WRITE', 'FSETSTAT', 'SETSTAT', 'REMOVE', 'RMDIR', 'MKDIR', 'RENAME', 'SYMLINK'] as const) {
    sftp.on(op as 'WRITE', (reqid: number) => sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'Permission denied: the lab is read-only'));
  }
}
