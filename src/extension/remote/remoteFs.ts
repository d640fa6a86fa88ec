import * as vscode from 'vscode';
import type { Host } from '../../core/hosts/types';
import type { HostsService } from '../hosts/hostsService';
import { Scheme } from '../shared/ids';
import type { SshService } from './sshService';

/** Bigger files are refused here: "Open Remote Log" shows their end instead. */
const MAX_READ = 50 * 1024 * 1024;

/**
 * stacktales-ssh://<host>/<path>: a host's files over SFTP, through the shared SSH runner
 * (same hosts, keys and host-key checks). Read-only: Stacktales reads; changes go through
 * confirmed remedies.
 */
export class RemoteFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly hosts: HostsService, private readonly ssh: SshService) {}

  static uri(host: string, path: string): vscode.Uri {
    return vscode.Uri.from({ scheme: Scheme.ssh, authority: host, path });
  }

  private host(uri: vscode.Uri): Host {
    const h = this.hosts.hosts().find((x) => x.name === uri.authority);
    if (!h) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Stacktales knows no host "{0}".', uri.authority));
    return h;
  }

  private async sftp(uri: vscode.Uri) {
    const host = this.host(uri);
    try {
      return await this.ssh.get().sftp(host);
    } catch (e) {
      throw vscode.FileSystemError.Unavailable(`${host.name}: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const sftp = await this.sftp(uri);
    const st = await new Promise<import('ssh2').Stats>((resolve, reject) => sftp.stat(uri.path, (err, s) => (err ? reject(mapError(err, uri)) : resolve(s))));
    return {
      type: st.isDirectory() ? vscode.FileType.Directory : st.isFile() ? vscode.FileType.File : vscode.FileType.Unknown,
      ctime: st.mtime * 1000,
      mtime: st.mtime * 1000,
      size: st.size,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const sftp = await this.sftp(uri);
    const list = await new Promise<import('ssh2').FileEntryWithStats[]>((resolve, reject) => sftp.readdir(uri.path, (err, l) => (err ? reject(mapError(err, uri)) : resolve(l))));
    return list
      .map((e): [string, vscode.FileType] => [e.filename, e.attrs.isDirectory() ? vscode.FileType.Directory : e.attrs.isSymbolicLink() ? vscode.FileType.SymbolicLink : vscode.FileType.File])
      .sort((a, b) => a[0].localeCompare(b[0]));
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const st = await this.stat(uri);
    if (st.size > MAX_READ) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('{0} is {1} MB: use "Stacktales: Open Remote Log" to see its end.', uri.path, Math.round(st.size / 1048576)));
    const sftp = await this.sftp(uri);
    return new Promise((resolve, reject) => sftp.readFile(uri.path, (err, data) => (err ? reject(mapError(err, uri)) : resolve(data))));
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  writeFile(uri: vscode.Uri): never {
    throw readOnly(uri);
  }
  createDirectory(uri: vscode.Uri): never {
    throw readOnly(uri);
  }
  delete(uri: vscode.Uri): never {
    throw readOnly(uri);
  }
  rename(uri: vscode.Uri): never {
    throw readOnly(uri);
  }
}

/** Hosts' files in the editor and the Explorer (read-only). */
export function registerRemoteFileSystem(hosts: HostsService, ssh: SshService): vscode.Disposable {
  return vscode.workspace.registerFileSystemProvider(Scheme.ssh, new RemoteFileSystem(hosts, ssh), { isReadonly: true, isCaseSensitive: true });
}

function readOnly(uri: vscode.Uri): vscode.FileSystemError {
  return vscode.FileSystemError.NoPermissions(vscode.l10n.t('{0}: Stacktales only reads remote files; changes go through confirmed remedies.', uri.toString()));
}

/** SFTP status codes: 2 no such file, 3 permission denied. */
function mapError(err: Error & { code?: number }, uri: vscode.Uri): vscode.FileSystemError {
  if (err.code === 2) return vscode.FileSystemError.FileNotFound(uri);
  if (err.code === 3) return vscode.FileSystemError.NoPermissions(vscode.l10n.t('{0}: permission denied on the host (stacktales.ssh settings: use a user that may read it)', uri.path));
  return vscode.FileSystemError.Unavailable(`${uri.authority}:${uri.path}: ${err.message}`);
}
