import { CommanderError, InvalidArgumentError } from 'commander';
import * as path from 'path';
import type { CliCommand } from '../context';

const labPort = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1024 || n > 65000) throw new InvalidArgumentError('a port from 1024 to 65000');
  return n;
};

export const labCommand: CliCommand = {
  register(program, { out, outJson, openKb, builtinDir }) {
    program
      .command('lab')
      .description('start simulated hosts that reproduce each tale (and healthy ones), over real SSH on 127.0.0.1')
      .option('--port <port>', 'first port; one port per host follows it', labPort, 2222)
      .option('--dir <dir>', 'where the lab writes its ssh_config, known_hosts, key and inventories', '.stacktales-lab')
      .option('--json', 'print one line {"ready": true, "dir": "...", "port": n} once it accepts connections')
      .action(async (o: { port: number; dir: string; json?: boolean }) => {
        const { startLab } = await import('../../core/lab/labServer');
        const kb = openKb([]);
        const dir = path.resolve(o.dir);
        let lab;
        try {
          lab = await startLab({ dir, port: o.port, scenariosDir: path.join(builtinDir, '..', 'lab', 'scenarios'), entries: kb.entries });
        } catch (e) {
          throw new CommanderError(1, 'stacktales.labFailed', (e as Error).message);
        }
        if (o.json) outJson({ ready: true, dir, port: o.port });
        else {
          out(`Stacktales lab: ${lab.hosts.length} hosts on 127.0.0.1:${o.port}-${o.port + lab.hosts.length - 1}; files in ${dir}\n`);
          for (const h of lab.hosts) out(`  ${h.name.padEnd(28)} port ${h.port}  ${h.roles.join(', ')}\n`);
          out(`Try:\n  stacktales triage --inventory ${dir}/double-vlan/inventory.ini --ssh-config ${dir}/ssh_config\n  stacktales runbook double-vlan --inventory ${dir}/double-vlan/inventory.ini --ssh-config ${dir}/ssh_config\nCtrl-C stops the lab.\n`);
        }
        // Serves until a signal: the action (and so the process) ends once the lab is closed.
        await new Promise<void>((resolve) => {
          const stop = () => void lab!.close().then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      });
  },
};
