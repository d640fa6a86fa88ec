import type { Signal } from '../../kb/types';
import type { SignalKindModule } from '../kind';
import { config } from './config';
import { log } from './log';
import { output } from './output';

/**
 * Every signal kind, by the name entry.yaml gives it. A new kind is one module beside these
 * and its definition in kb/schema/entry.schema.json (CONTRIBUTING.md, "A signal kind").
 */
export const KINDS: { readonly [K in Signal['kind']]: SignalKindModule } = { log, output, config };

export const kindOf = (s: Signal): SignalKindModule => KINDS[s.kind];
