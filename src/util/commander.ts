// commander, loaded through require: it is CommonJS, and importing it makes Node's ESM loader run
// its lexer over the package and wrap it, a few milliseconds of every start-up (SPEC 7: `whk --help`
// ≤ 1.5 × `node -e 0`). The types are the package's own.
import { createRequire } from 'node:module';
import type * as Commander from 'commander';

const commander = createRequire(import.meta.url)('commander') as typeof Commander;

export const Command = commander.Command;
export type Command = Commander.Command;
export const Help = commander.Help;
export type Help = Commander.Help;
export const Option = commander.Option;
export type Option = Commander.Option;
export const CommanderError = commander.CommanderError;
export type CommanderError = Commander.CommanderError;
