import * as vscode from 'vscode';
import type { Host } from '../../core/hosts/types';
import { ContextValue, ViewId } from '../shared/ids';
import type { HostsService } from './hostsService';

/** The Hosts view: every host with its roles, where it comes from, and how the last connection went. */
export class HostsTree implements vscode.TreeDataProvider<Host>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly hosts: HostsService) {
    this.sub = hosts.onDidChange(() => this.changed.fire());
  }

  getChildren(h?: Host): Host[] {
    return h ? [] : this.hosts.hosts();
  }

  getTreeItem(h: Host): vscode.TreeItem {
    const item = new vscode.TreeItem(h.name, vscode.TreeItemCollapsibleState.None);
    const state = this.hosts.states.get(h.name) ?? { state: 'unknown' };
    item.description = [h.roles.join(', '), h.source].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(state.state === 'ok' ? 'pass' : state.state === 'failed' ? 'error' : 'vm');
    const via = h.proxyJump.length ? ` via ${h.proxyJump.map((j) => j.name).join(' → ')}` : '';
    item.tooltip = `${h.user}@${h.address}:${h.port}${via}${state.state === 'failed' ? `\n${state.kind}: ${state.message}` : ''}`;
    item.contextValue = ContextValue.host;
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

/** The Hosts view. */
export function registerHostsView(hosts: HostsService): vscode.Disposable {
  const tree = new HostsTree(hosts);
  return vscode.Disposable.from(tree, vscode.window.registerTreeDataProvider(ViewId.hosts, tree));
}
