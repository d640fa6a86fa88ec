import * as path from 'path';
import * as vscode from 'vscode';
import type { Host } from '../../core/hosts/types';
import type { Lab } from '../../core/lab/labServer';
import type { KbService } from '../kb/kbService';
import { ContextKey } from '../shared/ids';
import * as core from '../shared/lazyCore';

/** Lab ports are taken from here up, below Linux's ephemeral range (32768–60999). */
const PORT_LOW = 20000;
const PORT_HIGH = 32000;
const TRIES = 6;

/**
 * The lab inside the editor: the same simulated hosts as `stacktales lab`, on random free
 * loopback ports, with their keys, known_hosts, ssh_config and inventories in the
 * extension's global storage. Its hosts join the Hosts view while it runs; nothing is written
 * to the user's settings or ~/.ssh, and host keys are checked as for any host (the lab's
 * ssh_config names its own known_hosts).
 */
export class LabService implements vscode.Disposable {
  private lab: Lab | undefined;
  private starting: Promise<Lab> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly kb: KbService,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get running(): Lab | undefined {
    return this.lab;
  }

  /** Starts the lab, or returns the one running. */
  start(): Promise<Lab> {
    if (this.lab) return Promise.resolve(this.lab);
    this.starting ??= this.startOnFreePorts().then(
      (lab) => {
        this.lab = lab;
        this.starting = undefined;
        this.log.info(`lab: ${lab.hosts.length} simulated hosts on 127.0.0.1:${lab.port}–${lab.port + lab.hosts.length - 1}, files in ${lab.dir}`);
        void vscode.commands.executeCommand('setContext', ContextKey.labRunning, true);
        this.changed.fire();
        return lab;
      },
      (e: unknown) => {
        this.starting = undefined;
        throw e;
      },
    );
    return this.starting;
  }

  async stop(): Promise<boolean> {
    const lab = this.lab ?? (await this.starting?.catch(() => undefined));
    if (!lab) return false;
    this.lab = undefined;
    await lab.close();
    this.log.info('lab: stopped');
    void vscode.commands.executeCommand('setContext', ContextKey.labRunning, false);
    this.changed.fire();
    return true;
  }

  /** The lab's hosts with roles, identity and known_hosts, read from the files it wrote. */
  hosts(): Host[] {
    if (!this.lab) return [];
    return core.resolveHosts().resolveHosts({ inventory: path.join(this.lab.dir, 'inventory.ini'), sshConfig: path.join(this.lab.dir, 'ssh_config') }).map((h) => ({ ...h, source: 'lab' as const }));
  }

  private async startOnFreePorts(): Promise<Lab> {
    const { startLab } = core.labServer();
    const options = {
      dir: vscode.Uri.joinPath(this.context.globalStorageUri, 'lab').fsPath,
      scenariosDir: vscode.Uri.joinPath(this.context.extensionUri, 'lab', 'scenarios').fsPath,
      entries: this.kb.get().entries,
    };
    let last: unknown;
    for (let i = 0; i < TRIES; i++) {
      const port = PORT_LOW + Math.floor(Math.random() * (PORT_HIGH - PORT_LOW - 100));
      try {
        return await startLab({ ...options, port });
      } catch (e) {
        // A port of the range was taken: another range is tried.
        if (!/in use/.test((e as Error).message)) throw e;
        last = e;
      }
    }
    throw last;
  }

  dispose(): void {
    void this.stop();
    this.changed.dispose();
  }
}
