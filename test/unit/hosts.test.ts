import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readInventory } from '../../src/core/hosts/inventory';
import { resolveHosts } from '../../src/core/hosts/resolveHosts';
import { parseHostSpec, SshConfigFile } from '../../src/core/hosts/sshConfig';
import { FIXTURES } from './paths';

const HOSTS = path.join(FIXTURES, 'hosts');

/** The fixture's Include names its folder; OpenSSH would read it relative to ~/.ssh. */
function sshConfig(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-sshcfg-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, fs.readFileSync(path.join(HOSTS, 'ssh_config'), 'utf8').replace('__DIR__', HOSTS));
  return file;
}

describe('hosts from ssh_config', () => {
  it('resolves an alias with HostName, User, Port, IdentityFile, IdentitiesOnly, ConnectTimeout and ProxyJump', () => {
    const cfg = new SshConfigFile(sshConfig());
    const ctl = cfg.resolve('ctl1');
    assert.deepStrictEqual([ctl.address, ctl.port, ctl.user, ctl.identitiesOnly, ctl.connectTimeoutMs], ['10.20.0.11', 22, 'operator', true, 7000]);
    assert.deepStrictEqual(ctl.proxyJump.map((j) => [j.name, j.address, j.port, j.user]), [['bastion', '203.0.113.10', 2222, 'ops']]);
    assert.deepStrictEqual(ctl.proxyJump[0].identityFiles, [path.join(os.homedir(), '.ssh', 'id_bastion')]);
  });

  it('follows Include and multi-hop ProxyJump, and lists the aliases ssh offers', () => {
    const cfg = new SshConfigFile(sshConfig());
    const cmp = cfg.resolve('cmp2');
    assert.strictEqual(cmp.address, 'cmp2.internal');
    assert.deepStrictEqual(cmp.proxyJump.map((j) => j.name), ['bastion', 'ctl1']);
    assert.deepStrictEqual(cfg.aliases(), ['cmp1', 'cmp2', 'bastion', 'ctl1']);
  });

  it('parses user@host:port and IPv6 in brackets, and rejects junk', () => {
    assert.deepStrictEqual(parseHostSpec('stack@10.0.0.5:2201'), { user: 'stack', address: '10.0.0.5', port: 2201 });
    assert.deepStrictEqual(parseHostSpec('[fd00::1]:22'), { user: undefined, address: 'fd00::1', port: 22 });
    assert.throws(() => parseHostSpec('a b'), /not a host/);
  });
});

describe('hosts from Ansible inventories', () => {
  it('reads INI: ranges, host vars, group vars, children, roles from group names', () => {
    const hosts = readInventory(path.join(HOSTS, 'inventory.ini'));
    const by = Object.fromEntries(hosts.map((h) => [h.name, h]));
    assert.deepStrictEqual(Object.keys(by).sort(), ['cmp1', 'cmp2', 'ctl01', 'ctl02', 'ctl03', 'mon1']);
    assert.deepStrictEqual(by.cmp1.vars, { ansible_user: 'stack', ansible_host: '10.20.1.1', ansible_port: '2201' });
    assert.deepStrictEqual(by.ctl02.roles.sort(), ['controller', 'network']);
    assert.deepStrictEqual(by.cmp2.roles, ['compute']);
    assert.deepStrictEqual(by.mon1.roles, []);
  });

  it('splits a host line as Ansible does (shlex): a quoted value keeps its spaces, shell syntax is an error with its line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacktales-inv-'));
    const file = path.join(dir, 'inventory.ini');
    fs.writeFileSync(file, `[compute]\ncmp1 ansible_host=10.0.0.5 ansible_ssh_common_args="-o UserKnownHostsFile=/k -o StrictHostKeyChecking=yes" note='it is $HOME'\n`);
    const [h] = readInventory(file);
    assert.deepStrictEqual([h.name, h.vars.ansible_host, h.vars.ansible_ssh_common_args, h.vars.note], ['cmp1', '10.0.0.5', '-o UserKnownHostsFile=/k -o StrictHostKeyChecking=yes', 'it is $HOME']);
    fs.writeFileSync(file, '[compute]\ncmp1 ansible_host=10.0.0.5 | tee x\n');
    assert.throws(() => readInventory(file), /inventory\.ini:2: cannot read this host line/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads YAML (OpenStack-Ansible style) with inherited vars', () => {
    const hosts = readInventory(path.join(HOSTS, 'inventory.yml'));
    const by = Object.fromEntries(hosts.map((h) => [h.name, h]));
    assert.deepStrictEqual([by.compute2.vars.ansible_user, by.compute1.vars.ansible_user, by.infra1.roles[0]], ['ubuntu', 'root', 'controller']);
  });

  it('turns inventory hosts into reachable hosts, and picks with --host', () => {
    const all = resolveHosts({ inventory: path.join(HOSTS, 'inventory.ini'), sshConfig: sshConfig() });
    const cmp1 = all.find((h) => h.name === 'cmp1')!;
    assert.deepStrictEqual([cmp1.address, cmp1.port, cmp1.user, cmp1.source], ['10.20.1.1', 2201, 'stack', 'inventory']);
    const picked = resolveHosts({ inventory: path.join(HOSTS, 'inventory.ini'), sshConfig: sshConfig(), specs: ['cmp2', 'root@192.0.2.7:2022', 'ctl1'], identityFiles: ['/k'] });
    assert.deepStrictEqual(picked.map((h) => [h.name, h.address, h.port, h.user, h.source]), [
      ['cmp2', '10.20.1.2', 22, 'stack', 'inventory'],
      ['root@192.0.2.7:2022', '192.0.2.7', 2022, 'root', 'command-line'],
      ['ctl1', '10.20.0.11', 22, 'operator', 'ssh-config'],
    ]);
    assert.deepStrictEqual(picked[1].identityFiles, ['/k']);
  });

  it('takes an inventory group (or all) for its hosts, as Ansible does', () => {
    const names = (specs: string[]) => resolveHosts({ inventory: path.join(HOSTS, 'inventory.ini'), sshConfig: sshConfig(), specs }).map((h) => h.name);
    assert.deepStrictEqual(names(['compute']), ['cmp1', 'cmp2']);
    // A child group's hosts belong to the parent group too; a host named twice is taken once.
    assert.deepStrictEqual(names(['network', 'ctl02']), ['ctl01', 'ctl02', 'ctl03']);
    assert.deepStrictEqual(names(['all']).sort(), ['cmp1', 'cmp2', 'ctl01', 'ctl02', 'ctl03', 'mon1']);
    assert.deepStrictEqual(names(['nosuchgroup']), ['nosuchgroup']);
  });
});
