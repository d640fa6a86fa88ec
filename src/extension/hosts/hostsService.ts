import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Host } from '../../core/hosts/types';
import type { Role } from '../../core/kb/types';
import * as core from '../shared/lazyCore';

interface SettingsHost {
  name: string;
  address?: string;
  user?: string;
  port?: number;
  roles?: Role[];
  identityFile?: string;
  proxyJump?: string;
}

export type HostState = { state: 'unknown' } | { state: 'ok'; at: number } | { state: 'failed'; kind: string; message: string };

/**
 * The hosts the user has: stacktales.hosts (settings), the Ansible inventory in
 * stacktales.inventory, and the aliases of ~/.ssh/config (or stacktales.ssh.configFile),
 * the same aliases ssh and Remote-SSH know; and while the lab runs, its simulated hosts.
 * Settings win over the inventory, which wins over plain ssh_config aliases of the same
 * name, which win over the lab's.
 */
export class HostsService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly states = new Map<string, HostState>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly lab?: { hosts(): Host[]; onDidChange: vscode.Event<void> }) {
    this.sub = vscode.Disposable.from(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('stacktales.hosts') || e.affectsConfiguration('stacktales.inventory') || e.affectsConfiguration('stacktales.ssh')) this.changed.fire();
      }),
      ...(lab ? [lab.onDidChange(() => this.changed.fire())] : []),
    );
  }

  hosts(): Host[] {
    const { SshConfigFile } = core.sshConfig();
    const { resolveHosts } = core.resolveHosts();
    const cfg = vscode.workspace.getConfiguration('stacktales');
    const sshConfigFile = expand(cfg.get<string>('ssh.configFile', '')) || path.join(os.homedir(), '.ssh', 'config');
    const config = new SshConfigFile(sshConfigFile);
    const out = new Map<string, Host>((this.lab?.hosts() ?? []).map((h) => [h.name, h]));
    for (const alias of config.aliases()) {
      try {
        out.set(alias, config.resolve(alias));
      } catch {
        /* a broken alias (ProxyJump loop) is left out */
      }
    }
    const inventory = expand(cfg.get<string>('inventory', ''));
    if (inventory && fs.existsSync(inventory)) {
      for (const h of resolveHosts({ inventory, sshConfig: sshConfigFile })) out.set(h.name, h);
    }
    for (const s of cfg.get<SettingsHost[]>('hosts', [])) {
      if (!s?.name) continue;
      const base = config.resolve(s.address ?? s.name);
      out.set(s.name, {
        ...base,
        name: s.name,
        address: s.address ?? base.address,
        user: s.user ?? base.user,
        port: s.port ?? base.port,
        roles: s.roles ?? [],
        identityFiles: s.identityFile ? [expand(s.identityFile)] : base.identityFiles,
        proxyJump: s.proxyJump ? s.proxyJump.split(',').map((j) => config.resolveSpec(j.trim())) : base.proxyJump,
        source: 'settings',
      });
    }
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Forget connection states and re-read every source. */
  refresh(): void {
    this.states.clear();
    this.changed.fire();
  }

  setState(name: string, state: HostState): void {
    this.states.set(name, state);
    this.changed.fire();
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

export function expand(p: string): string {
  return p.replace(/^~(?=$|\/)/, os.homedir());
}
