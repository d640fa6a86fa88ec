import type { Role } from '../kb/types';

/** A machine Stacktales can run diagnostics on, with everything needed to reach it. */
export interface Host {
  /** The name the user knows it by: an ssh_config alias, an inventory name, or user@host:port as typed. */
  name: string;
  address: string;
  port: number;
  user: string;
  roles: Role[];
  identityFiles: string[];
  identitiesOnly: boolean;
  /** Jump hosts, first hop first (ProxyJump). */
  proxyJump: Host[];
  connectTimeoutMs?: number;
  /** known_hosts files this host's ssh_config names (UserKnownHostsFile), checked too. */
  knownHostsFiles?: string[];
  source: 'ssh-config' | 'inventory' | 'settings' | 'command-line' | 'lab';
}

/** The usual group names of kolla-ansible, OpenStack-Ansible and hand-made inventories, by the role they give (case-insensitive). */
export const GROUP_PATTERNS: Readonly<Partial<Record<Role, string>>> = {
  compute: '^(compute|computes|compute_hosts|nova[-_]compute|hypervisors?)$',
  controller: '^(control|controls|controller|controllers|control_nodes|infra|infra_hosts|shared-infra_hosts|os-infra_hosts|api|api_hosts)$',
  network: '^(network|networks|network_nodes|network_hosts|neutron|neutron_server|net)$',
  switch: '^(switch|switches|tor)$',
};

/** Roles from the usual group names of kolla-ansible, OpenStack-Ansible and hand-made inventories. */
export function rolesOfGroup(group: string): Role[] {
  const g = group.toLowerCase();
  return (Object.entries(GROUP_PATTERNS) as [Role, string][]).filter(([, re]) => new RegExp(re).test(g)).map(([role]) => role);
}
