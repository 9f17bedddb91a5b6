// How the help shows a flag's default: one form, commander's own `(default: …)` after the
// description, whether commander fills the default (`default`) or whk works it out (`defaultHelp`:
// a fallback, the kind's, the clock's). A description that states a default its own way fails here.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgram, preload } from '../../src/cli.js';
import { CONTRACT_HELP } from '../../src/commands/help.js';
import type { Command } from '../../src/util/commander.js';
import { commandOptions, globalOptions } from '../../src/options/index.js';
import { parseOptions } from '../../src/options/schema.js';
import { longFlag, type OptionTable } from '../../src/options/spec.js';
import { runMain } from '../helpers/main.js';

const tables: [string, OptionTable][] = [['global', globalOptions], ...Object.entries(commandOptions)];

// The word in another sense: a kind's default mapping, and the "default" field of a mapping file.
const NOT_A_DEFAULT = /default mapping|"default"\?/g;

/** Every command of the program with every table loaded, subcommands too. */
async function commands(): Promise<Command[]> {
  const context = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {}, exitCode: 0 };
  const program = createProgram(context, await preload([], 'all'));
  const walk = (command: Command): Command[] => command.commands.flatMap((sub) => [sub, ...walk(sub)]);
  return [program, ...walk(program)];
}

describe("a flag's default in the help", () => {
  it.each(tables)('%s: no description states a default; the spec says it (default or defaultHelp)', (_, table) => {
    const stated = Object.values(table).filter((spec) => /\bdefault\b/i.test(spec.description.replace(NOT_A_DEFAULT, '')));
    expect(stated.map((spec) => `${longFlag(spec)}: ${spec.description}`)).toEqual([]);
  });

  it.each(tables)('%s: a default shown as a value ("5m") is the value the flag falls back to', (_, table) => {
    for (const [field, spec] of Object.entries(table)) {
      if (spec.defaultHelp === undefined || !spec.defaultHelp.startsWith('"') || !('fallback' in spec) || spec.fallback === undefined) continue;
      const shown = JSON.parse(spec.defaultHelp) as string;
      expect({ [field]: (parseOptions({ [field]: spec }, { [field]: shown }) as Record<string, unknown>)[field] }).toEqual({ [field]: spec.fallback });
    }
  });

  it('every command shows each default as commander does: "(default: …)" last, in the parentheses commander adds', async () => {
    const wrong: string[] = [];
    for (const command of await commands()) {
      const help = command.createHelp();
      for (const option of help.visibleOptions(command)) {
        const text = help.optionDescription(option);
        const hasDefault = option.defaultValue !== undefined || option.defaultValueDescription !== undefined;
        const rest = text.replace(/[(,] ?default: [^)]*\)$/, '').replace(NOT_A_DEFAULT, '');
        if ((hasDefault && rest === text.replace(NOT_A_DEFAULT, '')) || /\bdefault\b/i.test(rest)) wrong.push(`${command.name()} ${option.flags}: ${text}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("a default whk works out is shown as commander shows its own (send --timeout: the kind's; listen --tolerance: 5m)", async () => {
    const all = await commands();
    const described = (name: string, flag: string): string => {
      const command = all.find((c) => c.name() === name) as Command;
      const help = command.createHelp();
      return help.optionDescription(help.visibleOptions(command).find((o) => o.long === flag) as Command['options'][number]);
    };
    expect(described('send', '--timeout')).toBe("how long one attempt may take before it fails (and is retried as the kind retries) (default: the kind's)");
    expect(described('listen', '--tolerance')).toBe('how far a signed timestamp may be from now (stripe: how old) (default: "5m")');
    expect(described('send', '--encoding')).toBe('with --sign hmac: the signature encoding (choices: "hex", "base64", default: "hex")');
    expect(described('replay', '--timeout')).toBe('how long one attempt may take before it fails (and is retried with --retries) (default: "10s")');
  });

  it("whk check's contract help says its fields' defaults the same way, as JSON values", () => {
    const lines = CONTRACT_HELP.split('\n').filter((line) => /\bdefault\b/i.test(line));
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((line) => !/ \(default: [^)]*\)$/.test(line) || /\bdefault\b/i.test(line.replace(/ \(default: [^)]*\)$/, '')))).toEqual([]);
  });

  // It said 2 only 'for a contract that cannot be read', and nothing of a contract that is not valid, a busy port, or Ctrl-C.
  it("whk check's contract help names every exit code check ends with, and when", () => {
    const text = CONTRACT_HELP.replace(/\s+/g, ' ');
    expect(text).toContain('Exit 0 when every check passed, 1 when any failed, 2 for a contract that cannot be read or is not valid, a listen.port or listen.host the receiver cannot have, or an --output that cannot be written or is the contract file (each before any check runs), 130 on Ctrl-C (143 on SIGTERM).');
  });

  it('a command whose flags take durations or sizes says how to write them, once, after its options', async () => {
    const help = async (...args: string[]): Promise<string> => (await runMain([...args, '--help'])).stdout;
    const DURATIONS = 'Durations take their unit: 500ms, 30s, 1.5m, 2h.';
    const SIZES = 'Sizes: 512kb, 10mb (a bare number is bytes).';
    expect((await help('listen')).split('\n').filter((line) => line === DURATIONS || line === SIZES)).toEqual([DURATIONS, SIZES]);
    expect(await help('send')).toContain(`\n${DURATIONS}\n\nVariants (--variant), by kind:`);
    expect(await help('validate')).toMatch(new RegExp(`\\n${SIZES.replace(/[.()]/g, '\\$&')}\\n$`));
    expect(await help('sample')).not.toMatch(/Durations|Sizes/);
  });
});
