import * as assert from 'assert';
import { spawnSync } from 'child_process';
import type { Host } from '../../src/core/hosts/types';
import type { Entry } from '../../src/core/kb/types';
import { commandOf, FACTS_PROBE, parseFacts } from '../../src/core/run/facts';
import { planRuns, probeFacts } from '../../src/core/run/plan';
import type { RunResult } from '../../src/core/ssh/types';

const host = (name: string): Host => ({ name, address: '127.0.0.1', port: 22, user: 'root', roles: ['compute'], identityFiles: [], identitiesOnly: false, proxyJump: [], source: 'command-line' });

/** Deployment variants (issue #14): a read-only probe reads each host's facts, and they pick the command. */
describe('host facts and deployment variants', () => {
  const diagnostic: Entry['diagnostics'][number] = {
    id: 'api-log',
    title: { en: 'x', de: 'x' },
    command: 'grep -c ERROR /var/log/nova/nova-compute.log',
    variants: [
      { deployments: ['kolla'], command: 'grep -c ERROR /var/log/kolla/nova/nova-compute.log' },
      { deployments: ['journald'], command: 'journalctl -u nova-compute -o short-iso --since {{since}}', root: true },
    ],
    params: [{ name: 'since', type: 'word', default: 'today' }],
    roles: ['compute'],
    root: false,
    effect: 'read',
  };

  it('reads the facts the probe prints, and nothing else', () => {
    assert.deepStrictEqual(parseFacts('deployment=kolla\ndeployment=packages-ubuntu\nnoise\ndeployment=unknown\n'), { deployments: ['packages-ubuntu', 'kolla'] });
    assert.deepStrictEqual(parseFacts(''), { deployments: [] });
    assert.deepStrictEqual(parseFacts('deployment=kolla\nengine=podman\n'), { deployments: ['kolla'], containerEngine: 'podman' });
  });

  it('runs the probe in a POSIX shell with exit 0, printing only facts', () => {
    for (const shell of ['sh', 'bash']) {
      const r = spawnSync(shell, ['-c', FACTS_PROBE], { encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.ok(r.stdout.split('\n').filter(Boolean).every((l) => /^(deployment=(packages-ubuntu|packages-rhel|kolla|openstack-ansible|journald)|engine=(docker|podman))$/.test(l)), r.stdout);
    }
  });

  it('picks the variant of a deployment the host has, else the command itself; no facts, no guess', () => {
    assert.strictEqual(commandOf(diagnostic, { deployments: ['kolla'] }).command, 'grep -c ERROR /var/log/kolla/nova/nova-compute.log');
    assert.deepStrictEqual(commandOf(diagnostic, { deployments: ['journald'] }), { command: diagnostic.variants![1].command, root: true });
    assert.strictEqual(commandOf(diagnostic, { deployments: ['packages-rhel'] }).command, diagnostic.command);
    assert.strictEqual(commandOf(diagnostic).command, diagnostic.command);
    const kolla = { ...diagnostic, variants: [{ deployments: ['kolla' as const], command: 'docker exec nova_compute grep -c ERROR /var/log/kolla/nova/nova-compute.log | docker ps -q' }] };
    assert.strictEqual(commandOf(kolla, { deployments: ['kolla'], containerEngine: 'podman' }).command, 'podman exec nova_compute grep -c ERROR /var/log/kolla/nova/nova-compute.log | podman ps -q');
    assert.strictEqual(commandOf(kolla, { deployments: ['kolla'], containerEngine: 'docker' }).command, kolla.variants[0].command);
  });

  it('plans each host with its own variant, filled and quoted', async () => {
    const entry = { id: 'e', diagnostics: [diagnostic] } as unknown as Entry;
    const probe = async (runs: { host: Host; command: string }[]): Promise<RunResult[]> =>
      runs.map((r) => ({ host: r.host.name, command: r.command, exitCode: r.host.name === 'down' ? null : 0, signal: null, stdout: r.host.name === 'kolla' ? 'deployment=kolla\n' : r.host.name === 'journal' ? 'deployment=journald\n' : '', stderr: '', dropped: { stdout: 0, stderr: 0 }, durationMs: 1, error: r.host.name === 'down' ? { kind: 'refused', message: 'refused' } : null }));
    const hosts = [host('kolla'), host('journal'), host('plain'), host('down')];
    const facts = await probeFacts(hosts, probe);
    assert.deepStrictEqual([...facts.keys()], ['kolla', 'journal', 'plain']);
    const plan = planRuns(entry, 'api-log', hosts, { since: '2024-02-14T00:00' }, facts);
    assert.deepStrictEqual(plan.runs.map((r) => [r.host.name, r.command, r.root]), [
      ['kolla', 'grep -c ERROR /var/log/kolla/nova/nova-compute.log', false],
      ['journal', 'journalctl -u nova-compute -o short-iso --since 2024-02-14T00\\:00', true],
      ['plain', 'grep -c ERROR /var/log/nova/nova-compute.log', false],
      ['down', 'grep -c ERROR /var/log/nova/nova-compute.log', false],
    ]);
  });
});
