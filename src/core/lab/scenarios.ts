import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { Role, Text } from '../kb/types';

/** A small cloud in a known state: hosts with roles, and what each KB diagnostic prints there. */
export interface Scenario {
  name: string;
  description: Text;
  hosts: { name: string; roles: Role[] }[];
  /** Parameters and answers a runbook needs here (what the operator would type). */
  params: Record<string, string>;
  answers: Record<string, string>;
  /** The conclusion each runbook must reach in this scenario. */
  expect: Record<string, 'confirmed' | 'ruled-out' | 'inconclusive'>;
  /** "entry/diagnostic" → its output on every host of the scenario. */
  outputs: Record<string, string>;
}

/** Scenarios are data: one folder each with a scenario.yaml, so a new entry can bring its own. */
export function loadScenarios(dir: string): Scenario[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'scenario.yaml')))
    .map((d) => {
      const data = parse(fs.readFileSync(path.join(dir, d.name, 'scenario.yaml'), 'utf8')) as Partial<Scenario>;
      return { name: d.name, description: data.description ?? { en: d.name, de: d.name }, hosts: data.hosts ?? [], params: data.params ?? {}, answers: data.answers ?? {}, expect: data.expect ?? {}, outputs: data.outputs ?? {} };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
