import type { DetectorService } from './findings/detectorService';
import type { FindingsTree } from './findings/findingsTree';
import { ScanWorkspaceCommand } from './findings/scanWorkspace';
import { ExportAnsibleCommand, OpenAnsibleResultsCommand } from './fleet/ansibleCommands';
import type { HostsService } from './hosts/hostsService';
import { RefreshHostsCommand } from './hosts/refreshHosts';
import type { EntryPanels } from './kb/entryPanels';
import type { KbService } from './kb/kbService';
import { NewEntryCommand } from './kb/newEntry';
import { OpenEntryCommand } from './kb/openEntry';
import { ReloadKbCommand } from './kb/reloadKb';
import { SearchSymptomsCommand } from './kb/searchSymptoms';
import { ShowDiagnosticCommand } from './kb/showDiagnostic';
import { StartLabCommand, StopLabCommand } from './lab/labCommands';
import type { LabService } from './lab/labService';
import type { OutputDocuments } from './remote/outputDocuments';
import { BrowseHostCommand, FollowingCommand, OpenRemoteFileCommand, OpenRemoteLogCommand, ScanRemoteCommand } from './remote/remoteCommands';
import type { RemoteLogs } from './remote/remoteLogs';
import { RunDiagnosticCommand } from './remote/runDiagnostic';
import type { SshService } from './remote/sshService';
import { ExportReportCommand, OpenRunbookCommand, RunbookActionCommand } from './runbook/runbookCommands';
import type { RunbookPanels } from './runbook/runbookPanels';
import { CommandManager } from './shared/commandManager';

/** What the commands work with, built in the composition root (extension.ts). */
export interface CommandServices {
  kb: KbService;
  panels: EntryPanels;
  detectors: DetectorService;
  findingsTree: FindingsTree;
  hosts: HostsService;
  ssh: SshService;
  outputs: OutputDocuments;
  logs: RemoteLogs;
  lab: LabService;
  runbooks: RunbookPanels;
}

/**
 * Every command of the extension, registered from this one list (ids in shared/ids.ts; package.json
 * contributes the same). Returns the manager (dispose to unregister) and the two commands the
 * integration tests look into.
 */
export function registerCommands(s: CommandServices): { manager: CommandManager; search: SearchSymptomsCommand; run: RunDiagnosticCommand } {
  const search = new SearchSymptomsCommand(s.kb);
  const run = new RunDiagnosticCommand(s.kb, s.hosts, s.ssh, s.detectors, s.outputs);
  const manager = new CommandManager([
    // kb
    search,
    new OpenEntryCommand(s.panels),
    new ReloadKbCommand(s.kb),
    new ShowDiagnosticCommand(s.panels),
    new NewEntryCommand(s.kb),
    // findings
    new ScanWorkspaceCommand(s.detectors, s.findingsTree),
    new ExportAnsibleCommand(s.kb),
    new OpenAnsibleResultsCommand(s.detectors, s.findingsTree, s.outputs),
    // hosts and remote
    run,
    new RefreshHostsCommand(s.hosts),
    new OpenRemoteFileCommand(s.hosts),
    new BrowseHostCommand(s.hosts),
    new OpenRemoteLogCommand(s.hosts, s.logs),
    new FollowingCommand(s.logs, 'stop'),
    new FollowingCommand(s.logs, 'resume'),
    new ScanRemoteCommand(s.hosts, s.ssh, s.detectors, s.findingsTree),
    // lab
    new StartLabCommand(s.lab),
    new StopLabCommand(s.lab),
    // runbook
    new OpenRunbookCommand(s.kb, s.runbooks),
    new RunbookActionCommand(s.runbooks),
    new ExportReportCommand(s.kb, s.runbooks),
  ]);
  return { manager, search, run };
}
