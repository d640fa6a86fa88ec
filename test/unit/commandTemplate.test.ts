import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { displayCommand, innerTimeouts, ParamError, placeholders, quotedPlaceholders, renderCommand, writesOf } from '../../src/core/kb/commandTemplate';
import type { Diagnostic } from '../../src/core/kb/types';

const diag = (command: string, params: Diagnostic['params']): Pick<Diagnostic, 'command' | 'params'> => ({ command, params });

describe('command templates', () => {
  const ping = diag('ping -c 4 -M do -s {{size}} {{target}}', [
    { name: 'target', type: 'hostname' },
    { name: 'size', type: 'integer', default: 1472 },
  ]);

  it('fills defaults and given values', () => {
    assert.strictEqual(renderCommand(ping, { target: '10.0.0.7' }), 'ping -c 4 -M do -s 1472 10.0.0.7');
    assert.deepStrictEqual(placeholders(ping.command), ['size', 'target']);
  });

  it('refuses values that are not of the parameter type', () => {
    assert.throws(() => renderCommand(ping, { target: 'host; rm -rf /' }), ParamError);
    assert.throws(() => renderCommand(ping, { target: 'h', size: '1472 && reboot' }), /not a valid integer/);
    assert.throws(() => renderCommand(ping, { target: '-oProxyCommand=x' }), ParamError);
  });

  it('needs every parameter without a default, and knows no others', () => {
    assert.throws(() => renderCommand(ping, {}), /needs a value/);
    assert.throws(() => renderCommand(ping, { target: 'h', extra: '1' }), /unknown parameter/);
  });

  it('shell-quotes what it inserts: a real shell sees exactly the value, nothing runs', () => {
    const echo = diag("printf '%s\\n' {{dir}}", [{ name: 'dir', type: 'path' }]);
    for (const value of ["/srv/nova instances/it's", '/tmp/$(touch /tmp/stacktales-pwned)', '/tmp/`id`;ls', '/tmp/a"b\\c*?']) {
      const out = execFileSync('/bin/sh', ['-c', renderCommand(echo, { dir: value })], { encoding: 'utf8' });
      assert.strictEqual(out, value + '\n');
    }
    assert.strictEqual(fs.existsSync('/tmp/stacktales-pwned'), false);
  });

  it('refuses path traversal and relative paths', () => {
    const du = diag('du -b {{dir}}/*/console.log', [{ name: 'dir', type: 'path' }]);
    assert.throws(() => renderCommand(du, { dir: '/var/lib/../../etc' }), /must not contain/);
    assert.throws(() => renderCommand(du, { dir: 'relative/path' }), /not a valid path/);
  });

  it('finds placeholders that stand inside quotes, where a quoted value would close the quote (issue #13)', () => {
    assert.deepStrictEqual(quotedPlaceholders("grep -n '{{p}}' /var/log/x"), ['p']);
    assert.deepStrictEqual(quotedPlaceholders('sh -c "ls {{dir}}"'), ['dir']);
    assert.deepStrictEqual(quotedPlaceholders("du -sh {{dir}} 'literal {x}' \"also\" {{n}}"), []);
    assert.deepStrictEqual(quotedPlaceholders("echo \\'{{p}}"), []);
    // What such a template would do: the value closes the quote and the rest runs.
    const out = execFileSync('sh', ['-c', renderCommand(diag("printf '%s\\n' '{{p}}'", [{ name: 'p', type: 'path' }]), { p: '/srv/x y;echo INJECTED' })], { encoding: 'utf8' });
    assert.match(out, /INJECTED/, 'the reason kb check refuses quoted placeholders');
  });

  it('refuses ".." in a word or an interface, which a template may build a path from (issue #13)', () => {
    const truncate = diag('truncate -s 0 /var/lib/nova/instances/{{uuid}}/{{name}}.log', [
      { name: 'uuid', type: 'uuid' },
      { name: 'name', type: 'word' },
    ]);
    assert.throws(() => renderCommand(truncate, { uuid: '4f1c2a3b-0000-4000-8000-000000000001', name: '..' }), ParamError);
    assert.throws(() => renderCommand(diag('ip -d link show {{dev}}', [{ name: 'dev', type: 'interface' }]), { dev: 'a..b' }), ParamError);
    assert.strictEqual(renderCommand(truncate, { uuid: '4f1c2a3b-0000-4000-8000-000000000001', name: 'console' }), 'truncate -s 0 /var/lib/nova/instances/4f1c2a3b-0000-4000-8000-000000000001/console.log');
  });

  it('tells a command that writes from one that only reads, as a shell reads it (issue #13)', () => {
    const writes: [string, string][] = [
      ['ebtables-save > /root/stacktales-ebtables-$(date +%s).txt', '> /root/stacktales-ebtables-$'],
      ['mysqldump --single-transaction nova | gzip > /root/nova.sql.gz', 'mysqldump'],
      ['tar -czf /root/netconf.tgz /etc/nova /etc/neutron', 'tar creating an archive'],
      ['cp -a /etc/nova/nova.conf /etc/nova/nova.conf.bak', 'cp'],
      ['ip a | tee /tmp/ip-a.txt', 'tee'],
      ['crudini --set /etc/nova/nova.conf DEFAULT debug true', 'crudini editing a file'],
      ["sed -i 's/a/b/' /etc/x.conf", 'sed -i'],
      ['dpkg -l >> /root/packages.txt', '>> /root/packages.txt'],
    ];
    for (const [command, what] of writes) assert.strictEqual(writesOf(command), what, command);
    for (const command of ['du -b {{p}}/*/console.log* 2>/dev/null | sort -n | tail -n 20', "grep -E 'a>b' /var/log/x", 'crudini --get /etc/nova/nova.conf DEFAULT debug', 'tar -tzf /root/x.tgz', 'ip -d link show >/dev/null && echo up']) {
      assert.strictEqual(writesOf(command), undefined, command);
    }
  });

  it('reads the time limits a command sets for itself (issue #14: they must end before the runner\'s)', () => {
    assert.deepStrictEqual(innerTimeouts('timeout 120 tcpdump -nn -i tap1 port 67'), [120]);
    assert.deepStrictEqual(innerTimeouts('sudo timeout -s KILL 2m foo | timeout --preserve-status 20 bar; mytimeout 9'), [120, 20]);
    assert.deepStrictEqual(innerTimeouts('grep -c timeout /var/log/x'), []);
  });

  it('shows placeholders without a default as <name>', () => {
    assert.strictEqual(displayCommand(ping), 'ping -c 4 -M do -s 1472 <target>');
  });
});
