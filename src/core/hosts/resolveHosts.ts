import * as os from 'os';
import * as path from 'path';
import type { Role } from '../kb/types';
import { readInventory } from './inventory';
import { parseHostSpec, SshConfigFile } from './sshConfig';
import type { Host } from './types';

export interface HostSources {
  /** --host values: ssh_config aliases, inventory hosts or groups, or user@host[:port]. */
  specs?: string[];
  inventory?: string;
  sshConfig?: string;
  /** --identity: tried for every host. */
  identityFiles?: string[];
}

/**
 * The hosts a command line (or the extension's settings) names. An inventory supplies
 * hosts and their roles; --host picks among them or adds others. Every name is also looked
 * up in ssh_config, so aliases, ProxyJump and IdentityFile apply as they do for ssh.
 */
export function resolveHosts(src: HostSources): Host[] {
  const config = new SshConfigFile(src.sshConfig ?? path.join(os.homedir(), '.ssh', 'config'));
  const inventory = src.inventory ? readInventory(src.inventory) : [];
  const fromInventory = (name: string): Host | undefined => {
    const h = inventory.find((x) => x.name === name);
    if (!h) return undefined;
    const base = config.resolve(h.vars.ansible_host ? h.name : h.name);
    return {
      ...base,
      name: h.name,
      address: h.vars.ansible_host ?? base.address,
      port: h.vars.ansible_port ? Number(h.vars.ansible_port) : base.port,
      user: h.vars.ansible_user ?? h.vars.ansible_ssh_user ?? base.user,
      identityFiles: h.vars.ansible_ssh_private_key_file ? [h.vars.ansible_ssh_private_key_file, ...base.identityFiles] : base.identityFiles,
      roles: h.roles,
      source: 'inventory',
    };
  };
  // As in Ansible, a group name (or "all") stands for its hosts; a host's own name wins.
  const expand = (spec: string): string[] => {
    if (inventory.some((h) => h.name === spec)) return [spec];
    const members = inventory.filter((h) => spec === 'all' || h.groups.includes(spec)).map((h) => h.name);
    return members.length ? members : [spec];
  };
  const picked = src.specs?.length ? [...new Set(src.specs.flatMap(expand))] : inventory.map((h) => h.name);
  return picked.map((spec) => {
    const inv = fromInventory(spec);
    if (inv) return withIdentities(inv, src.identityFiles);
    const parsed = parseHostSpec(spec);
    const base = config.resolve(parsed.address);
    const fromConfig = config.aliases().includes(parsed.address);
    return withIdentities(
      { ...base, name: spec, user: parsed.user ?? base.user, port: parsed.port ?? base.port, source: fromConfig ? 'ssh-config' : 'command-line' },
      src.identityFiles,
    );
  });
}

function withIdentities(h: Host, extra?: string[]): Host {
  return extra?.length ? { ...h, identityFiles: [...h.identityFiles, ...extra] } : h;
}

/** Hosts a diagnostic belongs on: those with one of its roles; hosts without roles take anything. */
export function hostsForRoles(hosts: Host[], roles: readonly Role[]): Host[] {
  return hosts.filter((h) => !h.roles.length || h.roles.some((r) => roles.includes(r)));
}
