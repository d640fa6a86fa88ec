/* Generated from kb/schema/entry.schema.json by scripts/gen-types.mjs: do not edit; run `npm run gen:types`. */

/**
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "id".
 */
export type Id = string;
/**
 * @minItems 1
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "phrases".
 */
export type Phrases = string[];
/**
 * Where a text or a claim comes from: an upstream file at a release tag (openstack/nova:nova/virt/libvirt/imagecache.py@23.0.0), a commit (openstack/nova@<sha>), or the public report, document or page it was seen in (its https URL).
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "source".
 */
export type Source = string;
/**
 * One signal; its kind decides the rest of its shape (one definition per kind, src/core/signals/kinds/<kind>.ts reads it).
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "signal".
 */
export type Signal = LogSignal | OutputSignal | ConfigSignal;
/**
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "severity".
 */
export type Severity = 'error' | 'warning' | 'info';
/**
 * The diagnostic to run next.
 */
export type Id1 = string;
/**
 * A line the signal must (or must not) match. Built-in entries give each its source; a plain string is a made-up example (allowed beside sourced ones, and in user entries, with a warning).
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "example".
 */
export type Example =
  | string
  | {
      text: string;
      source: Source;
      /**
       * What the example shows (a vendor, a release, a format).
       */
      note?: string;
    };
/**
 * Severity is confidence: the finding rises to `severity` when the scan (the same host or folder) also found signal `with`, and, with `join`, when its capture equals ours.
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "escalation".
 */
export type Escalation = {
  with: Id;
  severity: Severity;
  join?: {
    capture: string;
    with: string;
  };
  because?: Text;
}[];
/**
 * Globs of the files the signal applies to.
 *
 * @minItems 1
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "globs".
 */
export type Globs = string[];
/**
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "threshold".
 */
export type Threshold = Threshold1 & Threshold2;
export type Threshold1 = {
  [k: string]: unknown;
};
/**
 * How OpenStack was installed, as far as paths and commands differ: distribution packages on Ubuntu/Debian or RHEL/CentOS (RDO), Kolla (containers, /var/log/kolla, /etc/kolla), OpenStack-Ansible (LXC containers or bare metal venvs), or services logging to journald only.
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "deployment".
 */
export type Deployment = 'packages-ubuntu' | 'packages-rhel' | 'kolla' | 'openstack-ansible' | 'journald';
/**
 * The diagnostic to run next.
 */
export type Id2 = string;
/**
 * Diagnostics whose output the signal reads.
 *
 * @minItems 1
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "readsDiagnostics".
 */
export type ReadsDiagnostics = Id[];
/**
 * The diagnostic to run next.
 */
export type Id3 = string;
/**
 * For commands that change the system: the diagnostic (read or write-new) to run first.
 */
export type Id4 = string;
/**
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "target".
 */
export type Target = string;
/**
 * The command of this step (a diagnostic of this entry; a runbook check only reads).
 */
export type Id5 = string;

/**
 * Machine data of one knowledge-base entry. Prose lives next to it in en.md and de.md.
 */
export interface Entry {
  id: Id;
  title: Text;
  summary: Text;
  tags?: string[];
  tale: {
    title: Text;
    source: string;
    /**
     * When and on which release the outage happened.
     */
    when: string;
  };
  symptoms: {
    en: Phrases;
    de: Phrases;
  };
  /**
   * Then and now: which release has which option, tool or default.
   */
  releases?: {
    releases: string;
    en: string;
    de: string;
    /**
     * The upstream commits, files at tags or reports the claim rests on.
     *
     * @minItems 1
     */
    sources?: Source[];
  }[];
  /**
   * @minItems 1
   */
  signals: Signal[];
  /**
   * @minItems 1
   */
  diagnostics: Diagnostic[];
  runbook: {
    start: Id;
    /**
     * @minItems 1
     */
    steps: Step[];
  };
  remedy: {
    summary: Text;
    /**
     * @minItems 1
     */
    steps: {
      title: Text;
      diagnostic?: Id5;
      note?: Text;
    }[];
  };
  /**
   * @minItems 1
   */
  prevention: {
    en: string;
    de: string;
  }[];
  /**
   * @minItems 1
   */
  references: {
    kind: 'tale' | 'bug' | 'mailing-list' | 'docs' | 'source';
    title: string;
    url?: string;
  }[];
}
/**
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "text".
 */
export interface Text {
  en: string;
  de: string;
}
/**
 * Lines of log files (found by their globs, or any text that is not INI): a pattern over one line, with an optional threshold and time window.
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "logSignal".
 */
export interface LogSignal {
  id: Id;
  kind: 'log';
  severity: Severity;
  explain: Text;
  next?: Id1;
  examples?: Examples;
  /**
   * Only evidence for other signals' escalation: never a finding of its own.
   */
  evidence?: boolean;
  escalate?: Escalation;
  files: Globs;
  /**
   * A JavaScript regular expression over one line; named groups may be captured.
   */
  pattern: string;
  flags?: string;
  threshold?: Threshold;
  window?: Window;
  fits?: Fits;
}
/**
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "examples".
 */
export interface Examples {
  match?: Example[];
  nomatch?: Example[];
}
export interface Threshold2 {
  capture: string;
  unit?: 'number' | 'bytes';
  above?: number;
  below?: number;
}
/**
 * Log signals: a finding only when `count` matching lines with the same captured `group` fall within `seconds` (timestamps read from the lines).
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "window".
 */
export interface Window {
  group: string;
  count: number;
  seconds: number;
}
/**
 * Which releases and deployments this applies to; absent: all.
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "fits".
 */
export interface Fits {
  releases?: {
    /**
     * First release (series name, e.g. grizzly, wallaby, 2024.1).
     */
    from?: string;
    /**
     * Last release it applies to.
     */
    until?: string;
    source?: Source;
  };
  /**
   * @minItems 1
   */
  deployments?: Deployment[];
}
/**
 * Lines of a diagnostic's output (named by id, or recognised by content): a pattern over one line, with an optional threshold.
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "outputSignal".
 */
export interface OutputSignal {
  id: Id;
  kind: 'output';
  severity: Severity;
  explain: Text;
  next?: Id2;
  examples?: Examples;
  /**
   * Only evidence for other signals' escalation: never a finding of its own.
   */
  evidence?: boolean;
  escalate?: Escalation;
  files?: Globs;
  diagnostics: ReadsDiagnostics;
  /**
   * A JavaScript regular expression over one line; named groups may be captured.
   */
  pattern: string;
  flags?: string;
  threshold?: Threshold;
  fits?: Fits;
}
/**
 * The effective value of one option in an INI file (oslo.config): found by its globs, by content, or in the output of the diagnostics that print it (grep -n of the file).
 *
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "configSignal".
 */
export interface ConfigSignal {
  id: Id;
  kind: 'config';
  severity: Severity;
  explain: Text;
  next?: Id3;
  examples?: Examples;
  /**
   * Only evidence for other signals' escalation: never a finding of its own.
   */
  evidence?: boolean;
  escalate?: Escalation;
  files: Globs;
  diagnostics?: ReadsDiagnostics;
  config: {
    section: string;
    key: string;
    deprecated?: {
      section: string;
      key: string;
      until?: string;
    }[];
    /**
     * Regular expression the value must match.
     */
    matches?: string;
    /**
     * The value that applies when the key is absent.
     */
    default?: string;
  };
  flags?: string;
  fits?: Fits;
}
/**
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "diagnostic".
 */
export interface Diagnostic {
  id: Id;
  title: Text;
  /**
   * Shell command template; {{name}} is replaced by the shell-quoted parameter.
   */
  command: string;
  params?: Param[];
  /**
   * @minItems 1
   */
  roles: ('controller' | 'compute' | 'network' | 'switch' | 'instance')[];
  root: boolean;
  /**
   * What running it does to the host: read only; write new files only (a backup, a capture), nothing that exists changes; or change the system (restart, delete, edit, SQL write). write-new and change run only by name, after a confirmation that shows the command, never in untrusted workspaces or runbook checks.
   */
  effect: 'read' | 'write-new' | 'change';
  backup?: Id4;
  look?: Text1;
  /**
   * A regular expression that recognises this command's output by its content (any of the first lines), so that saved output gets the signals that read it.
   */
  recognize?: string;
  fits?: Fits;
  /**
   * The same check where a deployment runs it differently (inside a Kolla container, from journald): the first whose deployments the host has, by the facts a read-only probe reads there; else the command itself.
   */
  variants?: {
    /**
     * @minItems 1
     */
    deployments: Deployment[];
    command: string;
    root?: boolean;
  }[];
  /**
   * Exit codes besides 0 that mean the check ran as it should (grep's 1: no line matched). Another exit code with a complaint on stderr means the check could not run.
   */
  exitCodes?: number[];
}
/**
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "param".
 */
export interface Param {
  name: string;
  type: 'hostname' | 'interface' | 'uuid' | 'path' | 'integer' | 'mac' | 'ipv4' | 'word';
  default?: string | number;
  description?: Text;
}
/**
 * What to look for in the output.
 */
export interface Text1 {
  en: string;
  de: string;
}
/**
 * This interface was referenced by `Entry`'s JSON-Schema
 * via the `definition` "step".
 */
export interface Step {
  id: Id;
  title: Text;
  /**
   * What the step checks: a diagnostic it runs, or a question the operator answers.
   */
  check:
    | {
        diagnostic: Id;
      }
    | {
        ask: Text;
      };
  /**
   * Signals whose finding confirms this step.
   */
  signals?: Id[];
  expect: Text;
  meaning: Text;
  next: {
    confirmed: Target;
    'ruled-out': Target;
    inconclusive?: Target;
    error?: Target;
  };
}
