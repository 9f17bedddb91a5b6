// The bash script: one function that finds the command and the argument being typed, then case
// statements written from the shapes (`complete -F _whk whk`).
import { allKindValues, kindValues, type Completes, type CommandShape, type KindValue, type OptionShape } from './shapes.js';

const KIND_VALUE_SORTS: readonly KindValue[] = ['variant', 'event', 'sender-version'];
const wordList = (list: readonly string[]): string => `'${list.join(' ')}'`;

/** A kind's own values once the kind is given (the command's first argument); before it, every kind's. */
function kindValuesFunction(): string {
  const cases = KIND_VALUE_SORTS.flatMap((sort) => [
    ...kindValues(sort).map(({ kind, words }) => `    '${sort}|${kind}') _whk_words ${wordList(words)} ;;`),
    `    '${sort}|') _whk_words ${wordList(allKindValues(sort))} ;;`,
  ]);
  return `_whk_kind_values() {\n  case "$1|$2" in\n${cases.join('\n')}\n  esac\n}`;
}

// The functions that are the same for every program: reading the line, quoting, finding the command.
const FIXED_FUNCTIONS = `# One name a line, as a name may hold spaces; -o filenames has bash quote each name it puts in.
_whk_files() {
  compopt -o filenames 2>/dev/null
  _whk_unquote
  mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}
# The word as typed holds the shell's quoting ('my fi, my\\ fi): the name it stands for has none.
_whk_unquote() {
  local rest=\${cur#[\\\"\\']} name=''
  [[ $cur == \\'* ]] && { cur=$rest; return; }
  while [[ $rest == *\\\\* ]]; do
    name+=\${rest%%\\\\*} rest=\${rest#*\\\\}
    name+=\${rest:0:1} rest=\${rest:1}
  done
  cur=$name$rest
}
# bash splits a word at COMP_WORDBREAKS (':' and '=' among them): a URL, \`--set a=b\` or \`--gzip=never\`
# is several COMP_WORDS, each once counted as an argument. Pieces the line has no space between are one word.
_whk_line_words() {
  local line=\${COMP_LINE:0:COMP_POINT} piece i
  words=() cword=-1
  for ((i = 0; i <= COMP_CWORD; i++)); do
    piece=\${COMP_WORDS[i]}
    if ((cword < 0)) || [[ $line == [[:space:]]* ]]; then words[++cword]=$piece; else words[cword]+=$piece; fi
    line=\${line#"\${line%%[![:space:]]*}"}
    line=\${line#"$piece"}
  done
}
# bash puts a reply in place of its own word ($2: what follows the last ':' or '='), not of the whole word.
_whk_replace_only() {
  local before=\${cur%"$1"} i
  [[ -n $before && $cur == *"$1" ]] || return 0
  for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]=\${COMPREPLY[i]#"$before"}; done
}
_whk() {
  local words cword
  _whk_line_words
  local cur=\${words[cword]} prev=\${words[cword-1]}
  local cmd='' word i arg=0 ended='' kind=''
  # The command (two words for a group's subcommand), and which of its arguments is being typed.
  # After \`--\` every word is an argument, one that starts with '-' too.
  for ((i = 1; i < cword; i++)); do
    word=\${words[i]}
    if [[ -n $ended ]]; then
      [[ $arg == 0 ]] && kind=$word
      ((arg++))
    elif [[ $word == -- ]]; then
      ended=yes
    elif [[ $word == -* ]]; then
      [[ $word != *=* ]] && _whk_takes_value "$cmd" "$word" && i=$((i + 1))
    elif [[ -z $cmd ]]; then
      cmd=$word
    elif [[ $arg == 0 && $(_whk_argument_is_sub "$cmd" "$word") == yes ]]; then
      cmd="$cmd $word"
    else
      [[ $arg == 0 ]] && kind=$word
      ((arg++))
    fi
  done
  if [[ -z $ended && $cur == --*=* ]] && _whk_takes_value "$cmd" "\${cur%%=*}"; then
    prev=\${cur%%=*} cur=\${cur#*=}
    _whk_value "$cmd" "$prev"
  elif [[ -z $ended && $cword -gt 1 && $prev == -* && $prev != *=* ]] && _whk_takes_value "$cmd" "$prev"; then
    _whk_value "$cmd" "$prev"
  elif [[ -z $ended && $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_whk_options "$cmd")" -- "$cur"))
  else
    _whk_argument "$cmd" "$arg"
  fi
  _whk_replace_only "\${2-$cur}"
}`;

export function bashScript(commands: readonly CommandShape[], globals: readonly OptionShape[]): string {
  const words = wordList;
  const action = (completes: Completes): string => {
    if (completes === 'files') return '_whk_files';
    if (completes === 'none') return 'COMPREPLY=()';
    return 'byKind' in completes ? `_whk_kind_values ${completes.byKind} "$kind"` : `_whk_words ${words(completes.words)}`;
  };
  const flags = (options: readonly OptionShape[]): string[] => options.flatMap((o) => o.names);
  const globalFlags = [...flags(globals), '--help'];
  const topLevel = commands.filter((c) => !c.path.includes(' ')).map((c) => c.path);
  const valued = commands.flatMap((c) => c.options.filter((o) => o.value !== null).flatMap((o) => o.names.map((name) => ({ key: `${c.path}|${name}`, value: o.value as Completes }))));
  const argumentCases = commands.flatMap((c) => {
    const subs = commands.filter((s) => s.path.startsWith(`${c.path} `)).map((s) => s.path.slice(c.path.length + 1));
    const cases = c.args.map((completes, i) => `    '${c.path}|${i}') ${action(completes)} ;;`);
    if (c.variadic && c.args.length > 0) cases.push(`    '${c.path}|'*) ${action(c.args.at(-1) as Completes)} ;;`);
    if (subs.length > 0) cases.push(`    '${c.path}|0') _whk_words ${words(subs)} ;;`);
    return cases;
  });
  return `# whk completion for bash. Load it in ~/.bashrc: source <(whk completion bash)
_whk_words() { COMPREPLY=($(compgen -W "$1" -- "$cur")); }
${kindValuesFunction()}
# The options that take a value, by command.
_whk_takes_value() {
  case "$1|$2" in
${valued.length > 0 ? `    ${valued.map((v) => `'${v.key}'`).join('|')}) return 0 ;;\n` : ''}  esac
  return 1
}
_whk_value() {
  case "$1|$2" in
${valued.filter((v) => v.value !== 'none').map((v) => `    '${v.key}') ${action(v.value)} ;;`).join('\n')}
    *) COMPREPLY=() ;;
  esac
}
_whk_options() {
  case "$1" in
${commands.map((c) => `    '${c.path}') echo ${words([...flags(c.options), ...globalFlags])} ;;`).join('\n')}
    *) echo ${words(globalFlags)} ;;
  esac
}
_whk_argument() {
  case "$1|$2" in
    '|0') _whk_words ${words(topLevel)} ;;
${argumentCases.join('\n')}
    *) COMPREPLY=() ;;
  esac
}
${FIXED_FUNCTIONS}
_whk_argument_is_sub() {
  case "$1 $2" in
${commands.filter((c) => c.path.includes(' ')).map((c) => `    '${c.path}') echo yes ;;`).join('\n')}
  esac
}
complete -F _whk whk
`;
}
