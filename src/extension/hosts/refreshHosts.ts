import type { Command } from '../shared/commandManager';
import { CommandId } from '../shared/ids';
import type { HostsService } from './hostsService';

/** Forgets connection states and re-reads every source of hosts (the Hosts view's refresh button). */
export class RefreshHostsCommand implements Command {
  readonly id = CommandId.refreshHosts;
  constructor(private readonly hosts: HostsService) {}

  execute(): void {
    this.hosts.refresh();
  }
}
