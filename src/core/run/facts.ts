import type { Deployment, Diagnostic } from '../kb/types';

/** What a read-only probe read on a host: how OpenStack was deployed there. */
export interface HostFacts {
  deployments: Deployment[];
  /** The container engine Kolla runs on this host (kolla-ansible deploys with docker, or podman since 2023.2). */
  containerEngine?: 'docker' | 'podman';
}

const DEPLOYMENTS: readonly Deployment[] = ['packages-ubuntu', 'packages-rhel', 'kolla', 'openstack-ansible', 'journald'];

/**
 * The probe: reads only, prints `deployment=<name>` for each deployment the host shows.
 * - Kolla keeps its configuration in /etc/kolla and its logs in /var/log/kolla (kolla-ansible).
 * - OpenStack-Ansible installs the services in venvs under /openstack/venvs (on metal and in its LXC containers).
 * - Distribution packages: the nova or neutron common package is installed (dpkg on Debian/Ubuntu, rpm on RHEL/RDO).
 * - journald: OpenStack's services are systemd units, none writes a log directory of its own, and journalctl is there.
 */
export const FACTS_PROBE = [
  '{ [ -d /etc/kolla ] || [ -d /var/log/kolla ]; } && echo deployment=kolla',
  '[ -d /openstack/venvs ] && echo deployment=openstack-ansible',
  "dpkg-query -W -f='${Status}\\n' nova-common neutron-common 2>/dev/null | grep -q 'ok installed' && echo deployment=packages-ubuntu",
  '{ rpm -q --quiet openstack-nova-common || rpm -q --quiet openstack-neutron-common; } 2>/dev/null && echo deployment=packages-rhel',
  // journald: OpenStack services run as systemd units here, and none keeps a log directory of its own.
  "ls /etc/systemd/system /lib/systemd/system /usr/lib/systemd/system 2>/dev/null | grep -qE '^(nova|openstack-nova|neutron|openstack-neutron|devstack@)' && ! { [ -d /var/log/nova ] || [ -d /var/log/neutron ] || [ -d /var/log/kolla ]; } && command -v journalctl >/dev/null 2>&1 && echo deployment=journald",
  '{ command -v docker >/dev/null 2>&1 && echo engine=docker; } || { command -v podman >/dev/null 2>&1 && echo engine=podman; }',
  'true',
].join('; ');

export function parseFacts(stdout: string): HostFacts {
  const lines = stdout.split('\n').map((l) => l.trim());
  const found = new Set(lines.map((l) => /^deployment=([a-z-]+)$/.exec(l)?.[1]));
  const engine = lines.map((l) => /^engine=(docker|podman)$/.exec(l)?.[1]).find(Boolean) as HostFacts['containerEngine'];
  return { deployments: DEPLOYMENTS.filter((d) => found.has(d)), ...(engine ? { containerEngine: engine } : {}) };
}

/**
 * The command a diagnostic runs on a host: the first variant for a deployment the host has
 * (its facts), else the diagnostic's own. Without facts (no probe ran, or it could not), the
 * diagnostic's own command: nothing is guessed.
 */
export function commandOf(d: Diagnostic, facts?: HostFacts): { command: string; root: boolean } {
  const v = facts && d.variants?.find((x) => x.deployments.some((dep) => facts.deployments.includes(dep)));
  if (!v) return { command: d.command, root: d.root };
  // Kolla variants are written for docker; where Kolla runs on podman, the same subcommands run with podman.
  const command = facts.containerEngine === 'podman' ? v.command.replace(/(^|[\s;|&(])docker (exec|ps|inspect|logs|cp) /g, '$1podman $2 ') : v.command;
  return { command, root: v.root ?? d.root };
}

/** Whether any of these diagnostics runs differently by deployment (then a probe is worth its round). */
export const needsFacts = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.variants?.length);
