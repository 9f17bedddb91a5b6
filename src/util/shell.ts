// Shell quoting, for the command lines whk prints for people to paste (wizard, --curl): POSIX sh's,
// which bash and zsh read alike, written so that fish reads each word as the same bytes too.

// Characters a terminal does not show as themselves: a tab copied off the screen comes back as spaces,
// a carriage return or an ESC acts on the screen. A run of them is spelt in POSIX printf's escapes,
// "$(printf '\011')", which sh (dash has no $'…'), bash, zsh and fish all read as the same bytes; a newline
// stays as it is, quoted (a command substitution would drop one at the end).
const UNSHOWN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]+/g;

// Left unquoted: words of these characters, but for a first '=' (zsh reads `=x` as the path of the
// command x) or '%' (fish reads `%self` as its process id).
const PLAIN = /^[\w@+:,./-][\w@%+=:,./-]*$/;

export function shellQuote(arg: string): string {
  if (PLAIN.test(arg)) return arg;
  const words: string[] = [];
  let at = 0;
  for (const run of arg.matchAll(UNSHOWN)) {
    if (run.index > at) words.push(singleQuoted(arg.slice(at, run.index)));
    words.push(printfWord(run[0]));
    at = run.index + run[0].length;
  }
  if (at < arg.length || words.length === 0) words.push(singleQuoted(arg.slice(at)));
  return words.join('');
}

export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}

/**
 * A quote is spelt '\'' (out of the quotes, escaped). So is a backslash that fish, which reads \\ and \'
 * in single quotes as escapes, would read otherwise: one before a backslash or a quote, or at the end
 * ('\\' there). Any other backslash in single quotes is itself in sh, bash, zsh and fish alike.
 */
function singleQuoted(text: string): string {
  return `'${text.replace(/'|\\(?=[\\']|$)/g, (char) => (char === "'" ? `'\\''` : `'\\\\'`))}'`;
}

/** The UTF-8 bytes of the text as printf's octal escapes, in one shell word. */
function printfWord(text: string): string {
  const escapes = [...Buffer.from(text, 'utf8')].map((byte) => `\\${byte.toString(8).padStart(3, '0')}`);
  return `"$(printf '${escapes.join('')}')"`;
}
