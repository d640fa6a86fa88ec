// The real-hosts tier (issue #15): every lab scenario built as real hosts (test/hosts/realHosts.ts),
// the runbooks walked there as root and as an unprivileged operator with sudo, and the lab held
// to what those hosts really print.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compileDetectors } from '../../src/core/detect/compile';
import { hostsForRoles } from '../../src/core/hosts/resolveHosts';
import type { Host } from '../../src/core/hosts/types';
import { loadKb } from '../../src/core/knowledge/loadKb';
import { startLab, type Lab } from '../../src/core/lab/labServer';
import { loadScenarios, type Scenario } from '../../src/core/lab/scenarios';
import { needsFacts } from '../../src/core/run/facts';
import { findingsOf, planRuns, probeFacts } from '../../src/core/run/plan';
import { readAnsibleResults } from '../../src/core/ansible/readResults';
import { couldNotCheck } from '../../src/core/run/verdict';
import { runStep, triage, walkRunbook, type WalkContext } from '../../src/core/runbook/engine';
import { SshRunner } from '../../src/core/ssh/sshRunner';
import { OPERATOR, startRealHosts, type RealHosts } from '../hosts/realHosts';
import { freePortRange, tempDir } from '../ssh/sshd';
import { KB_DIR, ROOT } from './paths';

const SCENARIOS_DIR = path.join(ROOT, 'lab', 'scenarios');
const SCHEMA_DIR = path.join(ROOT, 'test', 'hosts', 'schema');
const RESULTS = path.join(ROOT, 'out', 'test-results', 'real-hosts.json');
const kb = loadKb([{ dir: KB_DIR, origin: 'builtin' }]).entries;
const entries = kb.map((e) => e.entry);
const detectors = compileDetectors(kb);
const scenarios = loadScenarios(SCENARIOS_DIR);
const USERS = ['root', OPERATOR] as const;

describe('the real-hosts tier: runbooks on real shells, files and a real MariaDB (issue #15)', function () {
  this.timeout(900000);
  let real: RealHosts;
  let lab: Lab;
  let runner: SshRunner;
  let started = 0;
  const report: Record<string, unknown> = {};

  before(async () => {
    started = Date.now();
    const dir = tempDir('stacktales-lab-');
    lab = await startLab({ dir, port: await freePortRange(scenarios.reduce((n, s) => n + s.hosts.length, 0)), scenariosDir: SCENARIOS_DIR, entries: kb });
    report.labSeconds = (Date.now() - started) / 1000;
    real = await startRealHosts(scenarios, SCENARIOS_DIR, kb, SCHEMA_DIR);
    report.buildSeconds = (Date.now() - started) / 1000;
    report.buildPhases = real.timings;
    runner = new SshRunner({ knownHostsFiles: [], knownHostsWriteFile: path.join(dir, 'own_known_hosts'), prompts: { unknownHostKey: async () => false, passphrase: async () => undefined, password: async () => undefined }, parallel: 8 });
  });

  after(async () => {
    runner?.close();
    await Promise.all([lab?.close(), real?.close()]);
    report.seconds = (Date.now() - started) / 1000;
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, JSON.stringify(report, null, 2) + '\n');
  });

  const labHosts = (s: Scenario): Host[] =>
    lab.hosts.filter((h) => h.scenario === s.name).map((h) => ({ name: h.name, address: '127.0.0.1', port: h.port, user: 'lab', roles: h.roles as Host['roles'], identityFiles: [path.join(lab.dir, 'id_lab')], identitiesOnly: true, proxyJump: [], knownHostsFiles: [path.join(lab.dir, 'known_hosts')], source: 'lab' }));
  const realHosts = (s: Scenario, user: (typeof USERS)[number]): Host[] => real.hosts.filter((h) => h.scenario === s.name).map((h) => real.asUser(h, user));
  const context = async (s: Scenario, hosts: Host[]): Promise<WalkContext> => {
    const execute = (runs: { host: Host; command: string; root?: boolean }[]) => runner.runAll(runs);
    // As the CLI does: a probe picks each host's deployment variant where an entry has variants.
    const facts = needsFacts(entries.flatMap((e) => e.diagnostics)) ? await probeFacts(hosts, execute) : undefined;
    return { detectors, hosts, params: s.params, answers: s.answers, execute, facts };
  };

  it("the lab claims only what a real host prints: each recorded output, run on the scenario's real hosts as root", async () => {
    const differences: string[] = [];
    let compared = 0;
    for (const s of scenarios) {
      for (const key of Object.keys(s.outputs)) {
        const [entryId, diagnosticId] = key.split('/');
        const entry = entries.find((e) => e.id === entryId)!;
        const d = entry.diagnostics.find((x) => x.id === diagnosticId)!;
        const params = Object.fromEntries(Object.entries(s.params).filter(([k]) => (d.params ?? []).some((p) => p.name === k)));
        for (const host of hostsForRoles(realHosts(s, 'root'), d.roles)) {
          const labHost = labHosts(s).find((h) => h.name === host.name)!;
          const [onLab] = await runner.runAll(planRuns(entry, d.id, [labHost], params).runs);
          const [onHost] = await runner.runAll(planRuns(entry, d.id, [host], params).runs);
          compared++;
          // The same output, the same exit code, and the same verdict on whether the check could run.
          const said = (r: typeof onHost) => `${JSON.stringify(r.stdout)} exit ${r.exitCode}${couldNotCheck(r, d) ? `, could not check: ${couldNotCheck(r, d)!.reason}` : ''}`;
          if (said(onLab) !== said(onHost)) differences.push(`${s.name} ${host.name} ${key}:\n  lab:  ${said(onLab)}\n  host: ${said(onHost)}`);
        }
      }
    }
    report.outputsCompared = compared;
    assert.ok(compared > 20, `compared ${compared}`);
    assert.deepStrictEqual(differences, []);
  });

  for (const s of scenarios) {
    for (const [entryId, expected] of Object.entries(s.expect)) {
      for (const user of USERS) {
        it(`${s.name}: runbook ${entryId} reaches "${expected}" on real hosts as ${user}, by the same steps as in the lab`, async () => {
          const entry = entries.find((e) => e.id === entryId)!;
          const onHost = await walkRunbook(entry, await context(s, realHosts(s, user)));
          const onLab = await walkRunbook(entry, await context(s, labHosts(s)));
          const steps = (w: typeof onHost) => w.steps.map((x) => `${x.id}:${x.outcome}`);
          const why = JSON.stringify(onHost.steps.map((x) => [x.id, x.outcome, x.evidence]), null, 1);
          assert.strictEqual(onHost.conclusion, expected, why);
          assert.deepStrictEqual(steps(onHost), steps(onLab), why);
        });
      }
    }
  }

  for (const s of scenarios.filter((x) => Object.values(x.expect).filter((v) => v === 'confirmed').length === 1)) {
    const tale = Object.entries(s.expect).find(([, v]) => v === 'confirmed')![0];
    it(`${s.name}: triage on the real hosts ranks ${tale} first, with a margin`, async () => {
      const margins: Record<string, unknown> = {};
      for (const user of USERS) {
        const rows = await triage(entries, await context(s, realHosts(s, user)));
        const why = JSON.stringify(rows.map((r) => [r.id, r.score, r.signals, r.couldNotCheck?.map((c) => c.reason)]));
        assert.strictEqual(rows[0].id, tale, why);
        assert.ok(rows[0].score > rows[1].score, why);
        margins[user] = { first: rows[0].score, second: `${rows[1].id} ${rows[1].score}` };
      }
      // The lab ranks as the real hosts do, score for score.
      const scores = (rows: Awaited<ReturnType<typeof triage>>) => rows.map((r) => `${r.id} ${r.score}`);
      assert.deepStrictEqual(scores(await triage(entries, await context(s, labHosts(s)))), scores(await triage(entries, await context(s, realHosts(s, 'root')))));
      (report.triage ??= {} as Record<string, unknown>) && ((report.triage as Record<string, unknown>)[s.name] = margins);
    });
  }

  describe('what went wrong on real hosts before (issue #15), each on a real host', () => {
    const scenario = (name: string) => scenarios.find((x) => x.name === name)!;
    const entry = (id: string) => entries.find((e) => e.id === id)!;
    const step = (entryId: string, id?: string) => entry(entryId).runbook.steps.find((x) => x.id === (id ?? entry(entryId).runbook.start))!;
    const host = (s: string, user: (typeof USERS)[number], role: Host['roles'][number]) => realHosts(scenario(s), user).find((h) => h.roles.includes(role))!;

    it('1. a check that cannot run is "could not check", with what would let it, never a clean host', async () => {
      const dv = scenario('double-vlan');
      // a tool the host does not have (no openstack client on the double-vlan controller)
      const services = await runStep(entry('bpdu-guard-massacre'), step('bpdu-guard-massacre'), await context(dv, realHosts(dv, 'root')));
      assert.strictEqual(services.outcome, 'could-not-check', JSON.stringify(services.evidence));
      assert.match(services.couldNotCheck![0].fix!, /install openstack/);
      // openstack without credentials: run through sudo, whose env_reset drops the session's OS_CLOUD
      const list = planRuns(entry('bpdu-guard-massacre'), 'compute-service-list', [host('healthy', OPERATOR, 'controller')], {}).runs[0];
      const [withCloud, underSudo] = await runner.runAll([list, { ...list, root: true }]);
      assert.strictEqual(couldNotCheck(withCloud), undefined, JSON.stringify(withCloud));
      assert.match(couldNotCheck(underSudo)?.fix ?? '', /openrc.*OS_CLOUD/, JSON.stringify(underSudo));
      // a log this host does not have (no nova-compute.log on the double-vlan compute node)
      const removals = await runStep(entry('disappearing-images'), step('disappearing-images', 'removals'), await context(dv, realHosts(dv, 'root')));
      assert.strictEqual(removals.outcome, 'could-not-check', JSON.stringify(removals.evidence));
      assert.match(removals.couldNotCheck![0].reason, /nova-compute\.log.*No such file or directory/);
      // nova.conf (0640 root:nova) read by the operator without sudo, then with it
      const op = host('double-vlan', OPERATOR, 'compute');
      const [plain, viaSudo] = await runner.runAll([{ host: op, command: 'grep -n vlan_interface /etc/nova/nova.conf' }, { host: op, command: 'grep -n vlan_interface /etc/nova/nova.conf', root: true }]);
      assert.match(couldNotCheck(plain)?.fix ?? '', /root or with sudo/, JSON.stringify(plain));
      assert.deepStrictEqual([viaSudo.stdout, couldNotCheck(viaSudo)], ['8:vlan_interface = vlan20\n', undefined]);
      // the nova database, as the operator without sudo: MariaDB's unix_socket login knows only root
      const count = planRuns(entry('deleted-rows-bloat'), 'count-deleted-rows', [host('deleted-rows-bloat', OPERATOR, 'controller')], {}).runs[0];
      const [denied] = await runner.runAll([{ ...count, root: false }]);
      assert.match(couldNotCheck(denied)?.fix ?? '', /database access/, JSON.stringify(denied));
    });

    it("2. stderr is read: qemu-img's missing backing file on a real qcow2 confirms", async () => {
      const cmp = real.hosts.find((h) => h.scenario === 'disappearing-images' && h.roles.includes('compute'))!;
      const uuid = '0b5c1a9e-51f1-4b8f-9a61-3c2f7e1d2a10';
      const base = path.join(cmp.root, 'var/lib/nova/instances/_base/7b4783508212f5d242cbf9ff56fb8d33b4ce6166');
      fs.mkdirSync(path.dirname(base), { recursive: true });
      fs.mkdirSync(path.join(cmp.root, 'var/lib/nova/instances', uuid), { recursive: true });
      execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', base, '1M']);
      // The backing file as nova records it: the path on the host (here, inside the chroot).
      execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-u', '-b', base.slice(cmp.root.length), path.join(cmp.root, 'var/lib/nova/instances', uuid, 'disk'), '1M']);
      fs.rmSync(base);
      const check = { id: 'backing', title: { en: 'x', de: 'x' }, check: { diagnostic: 'check-backing-file' }, signals: ['backing-file-missing-output'], expect: { en: 'x', de: 'x' }, meaning: { en: 'x', de: 'x' }, next: { confirmed: '@confirmed', 'ruled-out': '@ruled-out' } };
      const s = scenario('disappearing-images');
      const r = await runStep(entry('disappearing-images'), check, { ...(await context(s, [host('disappearing-images', OPERATOR, 'compute')])), params: { instance_uuid: uuid } });
      assert.strictEqual(r.outcome, 'confirmed', JSON.stringify(r.evidence));
      assert.match(r.evidence.join('\n'), /\[stderr\] qemu-img: Could not open '\/var\/lib\/nova\/instances\/_base\/7b47835/);
    });

    it("3, 4 and 7. triage weighs evidence: on RDO Havana (api.log) the slow request only in last week's .gz ranks the tale first", async () => {
      const s = scenario('deleted-rows-bloat');
      const ctl = real.hosts.find((h) => h.scenario === s.name && h.roles.includes('controller'))!;
      assert.deepStrictEqual(fs.readdirSync(path.join(ctl.root, 'var/log/nova')).sort(), ['api.log', 'api.log-20140105.gz']);
      const rows = await triage(entries, await context(s, realHosts(s, OPERATOR)));
      assert.strictEqual(rows[0].id, 'deleted-rows-bloat');
      assert.match(rows[0].evidence.join('\n'), /time: 138\.5970151/);
      // Twenty slow requests are one piece of evidence: they stay below one huge console log.
      const flood = await triage(entries, await context(scenario('console-log-flood'), realHosts(scenario('console-log-flood'), 'root')));
      assert.deepStrictEqual(flood.slice(0, 2).map((r) => [r.id, r.score]), [['console-log-flood', 10], ['deleted-rows-bloat', 5]]);
      assert.strictEqual(flood[1].signals.find((x) => x.signal === 'slow-request-times')?.count, 20);
    });

    it('5. Open vSwitch double tagging (a VLAN sub-interface as the provider bridge port) is confirmed, and triage finds it', async () => {
      const s = scenario('double-vlan-ovs');
      const walk = await walkRunbook(entry('double-vlan'), await context(s, realHosts(s, OPERATOR)));
      assert.deepStrictEqual(walk.steps.map((x) => `${x.id}:${x.outcome}`), ['read-config:ruled-out', 'show-links:ruled-out', 'probe-mtu:confirmed', 'ovs-ports:confirmed', 'vlan-networks:confirmed']);
      assert.strictEqual(walk.conclusion, 'confirmed');
    });
  });

  describe('the same checks run by Ansible (issue #18): exported, run with the real ansible-playbook, read back', () => {
    const cli = (args: string[]) => execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const GROUP: Record<string, string> = { controller: 'control', compute: 'compute', network: 'network' };
    /** An inventory of the scenario's real hosts, as an operator's would be (host keys checked). */
    const inventory = (s: Scenario, dir: string) => {
      const groups = new Map<string, string[]>();
      for (const h of real.hosts.filter((x) => x.scenario === s.name))
        for (const r of h.roles) {
          const line = `${h.name} ansible_host=127.0.0.1 ansible_port=${h.port} ansible_user=root ansible_python_interpreter=/usr/bin/python3 ansible_ssh_private_key_file=${real.identity} ansible_ssh_common_args="-o UserKnownHostsFile=${real.knownHosts} -o StrictHostKeyChecking=yes"`;
          groups.set(GROUP[r], [...(groups.get(GROUP[r]) ?? []), line]);
        }
      const file = path.join(dir, 'inventory.ini');
      fs.writeFileSync(file, [...groups].map(([g, ls]) => `[${g}]\n${ls.join('\n')}\n`).join('\n'));
      return file;
    };
    const playbook = (dir: string, inv: string, extra: string[] = []) => {
      try {
        return execFileSync('ansible-playbook', ['-i', inv, '-f', '16', path.join(dir, 'playbook.yml'), ...extra], { encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0' } });
      } catch (e) {
        const x = e as { stdout?: string; stderr?: string };
        throw new Error(`ansible-playbook failed:\n${(x.stdout ?? '').slice(-3000)}\n${(x.stderr ?? '').slice(-1000)}`);
      }
    };

    for (const name of ['double-vlan', 'deleted-rows-bloat', 'healthy']) {
      it(`${name}: every runbook check through Ansible gives the findings \`stacktales run\` gives, and triage ranks alike`, async () => {
        const s = scenarios.find((x) => x.name === name)!;
        const dir = tempDir('stacktales-ansible-');
        cli(['export', 'ansible', '--runbooks', '--out', dir]);
        execFileSync('ansible-playbook', ['--syntax-check', '-i', inventory(s, dir), path.join(dir, 'playbook.yml')]);
        playbook(dir, inventory(s, dir), Object.entries(s.params).flatMap(([k, v]) => ['-e', `stacktales_param_${k}=${v}`]));
        const fromAnsible = JSON.parse(cli(['scan', '--from-ansible', dir, '--json'])) as { results: { host: string; command: string; exitCode: number; stdout: string; findings: { signal: string; line: number }[] }[] };
        // The same diagnostics run by the SSH runner on the same hosts.
        const expected: string[] = [];
        for (const e of entries)
          for (const d of new Set(e.runbook.steps.flatMap((x) => ('diagnostic' in x.check ? [x.check.diagnostic] : [])))) {
            let runs;
            try {
              runs = planRuns(e, d, realHosts(s, 'root'), Object.fromEntries(Object.entries(s.params).filter(([k]) => (e.diagnostics.find((x) => x.id === d)!.params ?? []).some((p) => p.name === k)))).runs;
            } catch {
              continue; // a parameter this scenario does not give: not exported to run either
            }
            for (const [i, r] of (await runner.runAll(runs)).entries()) expected.push(`${r.host} ${e.id}/${d} exit ${r.exitCode} ${findingsOf(detectors, r, runs[i].diagnostic.id).map((f) => `${f.signal}@${f.line}`).join(',')} ${JSON.stringify(r.stdout.trimEnd())}`);
          }
        const saved = readAnsibleResults(dir);
        assert.ok(saved.results.length >= 10 && saved.results.length === fromAnsible.results.length, `${saved.results.length} results`);
        const line = (x: ReturnType<typeof readAnsibleResults>['results'][number], i: number) => `${x.result.host} ${x.entry}/${x.diagnostic} exit ${x.result.exitCode} ${fromAnsible.results[i].findings.map((f) => `${f.signal}@${f.line}`).join(',')} ${JSON.stringify(x.result.stdout.trimEnd())}`;
        assert.deepStrictEqual(saved.results.map(line).sort(), expected.sort());
        const ranking = (json: string) => (JSON.parse(json) as { ranking: { id: string; score: number }[] }).ranking.map((r) => `${r.id} ${r.score}`);
        assert.deepStrictEqual(ranking(cli(['triage', '--from-ansible', dir, '--json'])), (await triage(entries, await context(s, realHosts(s, 'root')))).map((r) => `${r.id} ${r.score}`));
        fs.rmSync(dir, { recursive: true, force: true });
      });
    }

    it('quotes hostile parameters as the SSH runner does, refuses invalid ones before running, and runs no changing command unless named', () => {
      const s = scenarios.find((x) => x.name === 'double-vlan')!;
      const cmp = real.hosts.find((h) => h.scenario === s.name && h.roles.includes('compute'))!;
      const dir = tempDir('stacktales-ansible-');
      cli(['export', 'ansible', 'console-log-flood/du-console-logs', '--out', dir]);
      const inv = inventory(s, dir);
      // A valid path that would run commands if it were not quoted.
      playbook(dir, inv, ['-e', "stacktales_param_instances_path=/tmp/x'; touch /tmp/pwned; echo '"]);
      assert.ok(!fs.existsSync(path.join(cmp.root, 'tmp', 'pwned')), 'the value ran as a command');
      assert.match(fs.readFileSync(path.join(dir, cmp.name, 'console-log-flood.du-console-logs.err'), 'utf8'), /du: cannot access '\/tmp\/x'\\''; touch \/tmp\/pwned; echo '\\''\/\*\/console\.log\*'/);
      // Not a path at all: the play stops before any host runs it.
      assert.throws(() => playbook(dir, inv, ['-e', 'stacktales_param_instances_path=relative/../x']), /is not a valid path/);
      // Changing commands: absent without --include-changes; present but tagged never with it.
      const plain = tempDir('stacktales-ansible-');
      cli(['export', 'ansible', 'double-vlan', '--out', plain]);
      assert.doesNotMatch(fs.readFileSync(path.join(plain, 'roles/stacktales/tasks/main.yml'), 'utf8'), /crudini|tar -czf/);
      const withChanges = tempDir('stacktales-ansible-');
      cli(['export', 'ansible', 'double-vlan', '--include-changes', '--out', withChanges]);
      const tasks = fs.readFileSync(path.join(withChanges, 'roles/stacktales/tasks/main.yml'), 'utf8');
      assert.match(tasks, /crudini/);
      const conf = fs.readFileSync(path.join(cmp.root, 'etc/nova/nova.conf'), 'utf8');
      playbook(withChanges, inventory(s, withChanges), ['-e', 'stacktales_param_iface=bond0']);
      assert.strictEqual(fs.readFileSync(path.join(cmp.root, 'etc/nova/nova.conf'), 'utf8'), conf, 'a changing command ran without --tags');
      assert.ok(!fs.existsSync(path.join(withChanges, cmp.name, 'double-vlan.set-vlan-interface.rc')));
      for (const d of [dir, plain, withChanges]) fs.rmSync(d, { recursive: true, force: true });
    });
  });

  it('healthy real hosts: triage finds no evidence for any tale, here and in the lab', async () => {
    const s = scenarios.find((x) => x.name === 'healthy')!;
    for (const user of USERS) {
      const rows = await triage(entries, await context(s, realHosts(s, user)));
      assert.deepStrictEqual(rows.filter((r) => r.score > 0).map((r) => r.id), [], JSON.stringify(rows));
    }
    const inLab = await triage(entries, await context(s, labHosts(s)));
    assert.deepStrictEqual(inLab.filter((r) => r.score > 0).map((r) => r.id), [], JSON.stringify(inLab));
  });
});


