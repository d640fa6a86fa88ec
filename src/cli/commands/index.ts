import type { CliCommand } from '../context';
import { execCommand } from './exec';
import { exportCommand } from './export';
import { kbCommand } from './kb';
import { labCommand } from './lab';
import { runCommand } from './run';
import { runbookCommand } from './runbook';
import { scanCommand } from './scan';
import { searchCommand } from './search';
import { showCommand } from './show';
import { triageCommand } from './triage';

/** Every subcommand, in the order --help lists them. */
export const COMMANDS: readonly CliCommand[] = [searchCommand, showCommand, scanCommand, runCommand, execCommand, runbookCommand, triageCommand, exportCommand, labCommand, kbCommand];
