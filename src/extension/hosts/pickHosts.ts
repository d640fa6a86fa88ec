import * as vscode from 'vscode';
import type { Host } from '../../core/hosts/types';
import type { HostsService } from './hostsService';

export interface HostPickOptions {
  title: string;
  many?: boolean;
  /** Checked at the start (many), e.g. the hosts whose roles fit. */
  preselect?: (h: Host) => boolean;
  /** Listed first. */
  first?: (h: Host) => boolean;
}

/** Choose hosts; with none known, say where hosts come from and offer the settings. */
export async function pickHosts(hosts: HostsService, o: HostPickOptions): Promise<Host[] | undefined> {
  const all = hosts.hosts();
  if (!all.length) {
    const open = vscode.l10n.t('Open Settings');
    const msg = vscode.l10n.t('Stacktales knows no hosts: add stacktales.hosts, an inventory (stacktales.inventory) or Host entries in ~/.ssh/config.');
    if ((await vscode.window.showWarningMessage(msg, open)) === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'stacktales.hosts');
    return undefined;
  }
  const items = all
    .map((h) => ({ label: h.name, description: [h.roles.join(', '), `${h.user}@${h.address}:${h.port}`].filter(Boolean).join(' · '), picked: o.preselect?.(h) ?? false, h }))
    .sort((a, b) => Number(o.first?.(b.h) ?? 0) - Number(o.first?.(a.h) ?? 0));
  if (o.many) return (await vscode.window.showQuickPick(items, { canPickMany: true, title: o.title }))?.map((i) => i.h);
  const one = await vscode.window.showQuickPick(items, { title: o.title });
  return one ? [one.h] : undefined;
}
