// Values other tools take as arguments and whk takes with a flag: curl's and autocannon's URL (with
// its scheme, or a host and port without one, as curl takes it), a server's port (`http-server 3000`,
// or Go's `:3000`). A usage error's hint names the command line meant. Loaded for a command that
// runs (cli.ts's preload), never for help.
import { shellQuote } from './shell.js';

// A host and port without a scheme: localhost, an IPv4 or bracketed IPv6 address, or a dotted name.
const SCHEMELESS_URL = /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[\da-f:.]+\]|[a-z\d-]+(?:\.[a-z\d-]+)+):\d{1,5}(?:[/?#]|$)/i;
const portArgument = (digits: string | undefined): string | undefined => (digits !== undefined && Number(digits) <= 65_535 ? digits : undefined);

/** Each flag, and the value an operand meant for it (undefined: the operand is none). */
const FLAG_VALUES: readonly { flag: string; what: string; value: (arg: string) => string | undefined }[] = [
  { flag: '--url', what: 'URL', value: (arg) => (/^https?:\/\//i.test(arg) ? arg : SCHEMELESS_URL.test(arg) ? `http://${arg}` : undefined) },
  { flag: '--port', what: 'port', value: (arg) => portArgument(/^:?(\d{1,5})$/.exec(arg)?.[1]) },
];

/**
 * An operand that is the value of one of the command's flags (`whk send metric-alert http://…`,
 * `whk listen 3000`): the command line it meant, the words typed (`words`, after the command's
 * name) kept in their order with the flag put before that value, and an argument the value stood in
 * for (`whk send http://…`: the kind) named in its place.
 */
export function flagArgumentHint(command: string, operands: readonly string[], words: readonly string[], flags: readonly string[], names: readonly string[] = []): string | undefined {
  for (const { flag, what, value: valueOf } of FLAG_VALUES) {
    // A flag already given (`whk listen --port 3000 4000`) is not what the operand meant.
    if (!flags.includes(flag) || words.some((word) => word === flag || word.startsWith(`${flag}=`))) continue;
    const arg = operands.find((candidate) => valueOf(candidate) !== undefined);
    const value = arg === undefined ? undefined : valueOf(arg);
    if (arg === undefined || value === undefined) continue;
    const missing = names.slice(operands.length - 1).map((name) => name.replace(/^\[(.*)\]$/, '<$1>'));
    // The last word so spelt is the operand: an option's value before it may be spelt the same.
    const typed = words.includes(arg) ? words : operands;
    const at = typed.lastIndexOf(arg);
    const meant = [...typed.slice(0, at).map(shellQuote), ...missing, flag, shellQuote(value), ...typed.slice(at + 1).map(shellQuote)];
    return `the ${what} goes after ${flag}: ${[command, ...meant].join(' ')}`;
  }
  return undefined;
}

/** The words after a command's name in `argv` (`whk --json send a b`: a b for send); none if the name is not there. */
export function wordsAfterName(argv: readonly string[], name: string): string[] {
  const path = name.split(' ');
  const words = argv.slice(2);
  const at = words.findIndex((_, i) => path.every((part, j) => words[i + j] === part));
  return at === -1 ? [] : words.slice(at + path.length);
}
