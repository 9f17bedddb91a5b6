// The wizard's text prompt (an answer typed; a secret, masked), made with the prompt library's core as
// its `input` and `password` are, but kept to the terminal's rows: those draw the whole answer,
// wrapped, and one taller than the screen (a long value pasted on a 40x10 terminal) pushed the question
// off the top, each redraw leaving a copy of it in the scrollback. An answer that does not fit is shown
// cut to the rows there are, around the cursor, with '…' where it is cut; the value itself stays whole.
import { charColumns, startWithin } from '../util/display-width.js';
import { largest } from './prompt-layout.js';
import { createPrompt, isBackspaceKey, isEnterKey, isTabKey, makeTheme, useEffect, useKeypress, usePrefix, useRef, useState, type Status } from '@inquirer/core';

/** An answer as the terminal shows it: its rows, and the cursor's row (from the first) and column. */
export interface AnswerFit {
  lines: string[];
  row: number;
  column: number;
  /** The question, cut to the rows it may take, where it would take more. */
  question?: string;
}

export interface TextConfig {
  message: string;
  default?: string;
  /** Each character typed is shown as this (a secret); no default then. */
  mask?: string;
  validate?: (value: string) => true | string | Promise<true | string>;
  /** What the line shows of the answer (as typed, and once taken: `isFinal`). */
  transformer?: (value: string, state: { isFinal: boolean }) => string;
  theme?: { style?: { error?: (text: string) => string } };
  /** The answer shown (masked) as the terminal fits it under the question, or undefined: it fits on the question's line. */
  fit?: (shown: string, cursor: number) => AnswerFit | undefined;
  /** Calls `redraw` at each resize of the terminal; returns the function that stops it. */
  onResize?: (redraw: () => void) => () => void;
}

/**
 * Draws the prompt again at each resize of the terminal (`onResize` calls its redraw then): the library
 * draws only at a key, and what was fitted to the old size stayed so, wrapped by the terminal, till one.
 */
export function useRedrawOnResize(onResize: ((redraw: () => void) => () => void) | undefined): void {
  const [, setResizes] = useState(0);
  const resizes = useRef(0);
  useEffect(() => onResize?.(() => setResizes(++resizes.current)), []);
}

/** The readline under a prompt: where it has the cursor, and where the cursor is in its line. */
interface PromptLine {
  line: string;
  cursor: number;
  getCursorPos(): { rows: number; cols: number };
}

export const textPrompt = createPrompt<string, TextConfig>((config, done) => {
  const theme = makeTheme<object>(config.theme);
  const [status, setStatus] = useState<Status>('idle');
  const [defaultValue = '', setDefaultValue] = useState<string | undefined>(config.mask === undefined ? config.default : undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [value, setValue] = useState('');
  const [cursor, setCursor] = useState(0);
  const prefix = usePrefix({ status, theme });
  // The library draws only at a key: an answer cut to the old size is drawn again, fitted to the new.
  useRedrawOnResize(config.onResize);
  // The answer as last drawn cut to fit, for the cursor to be put where it shows.
  const fitted = useRef<AnswerFit | undefined>(undefined);
  useEffect((rl) => {
    const line = rl as unknown as PromptLine;
    const whole = line.getCursorPos.bind(line);
    // The library puts the cursor where readline has it in the whole line; cut, the answer's last row is the line's.
    line.getCursorPos = () => {
      const fit = fitted.current;
      return fit === undefined ? whole() : { rows: fit.row - (fit.lines.length - 1), cols: fit.column };
    };
  }, []);
  useKeypress(async (key, rl) => {
    if (status !== 'idle') return;
    const line = rl as unknown as PromptLine;
    if (isEnterKey(key)) {
      const answer = value || defaultValue;
      setStatus('loading');
      const verdict = (await config.validate?.(answer)) ?? true;
      if (verdict === true) {
        setValue(answer);
        setStatus('done');
        done(answer);
        return;
      }
      // readline emptied its line at Enter: the text is given back, to be mended.
      rl.write(value);
      setError(verdict || 'You must provide a valid value');
      setStatus('idle');
    } else if (isBackspaceKey(key) && !value) {
      setDefaultValue(undefined);
    } else if (isTabKey(key) && !value) {
      setDefaultValue(undefined);
      rl.clearLine(0);
      rl.write(defaultValue);
      setValue(defaultValue);
    } else {
      setValue(line.line);
      setError(undefined);
    }
    // Keys that only move the cursor redraw too: a cut answer shows the part it is in.
    setCursor(line.cursor);
  });
  const final = status === 'done';
  const shown = config.mask === undefined ? value : config.mask.repeat(value.length);
  const fit = final ? undefined : config.fit?.(shown, cursor);
  fitted.current = fit;
  const head = [prefix, theme.style.message(fit?.question ?? config.message, status)].join(' ');
  const bottom = error === undefined ? '' : theme.style.error(error);
  if (fit !== undefined) return [`${head}\n${fit.lines.join('\n')}`, bottom];
  const answer = config.transformer?.(value, { isFinal: final }) ?? (final ? theme.style.answer(shown) : shown);
  const offered = defaultValue !== '' && !final && value === '' ? theme.style.defaultAnswer(defaultValue) : undefined;
  return [[head, offered, answer].filter((part) => part !== undefined).join(' '), bottom];
});

/**
 * `text` in at most `rows` rows of `columns`, the cursor (an index in it) on one of them: whole if it
 * fits, else a window of it around the cursor, '…' where it is cut (at the end when the cursor is
 * there, as while typing or pasting). One place is kept free after the text, for the cursor at its end.
 * Counted in the terminal's columns: a wide character (CJK, emoji) takes two, and goes to the next row
 * where one column is left.
 */
export function answerWindow(text: string, cursor: number, columns: number, rows: number): AnswerFit {
  const chars = [...text];
  // The cursor counted in characters, not in UTF-16 code units as readline counts it.
  const index = [...text.slice(0, cursor)].length;
  const most = Math.max(1, rows);
  const fits = (shown: string[]) => laidOut(shown, columns).end.row < most;
  let shown = chars;
  let at = index;
  if (!fits(chars)) {
    // The longest tail that fits after '…': if the cursor is in it, the answer's end is shown.
    const tailStart = chars.length - largest(0, chars.length, (count) => fits(['…', ...chars.slice(chars.length - count)]));
    if (index >= tailStart) {
      shown = ['…', ...chars.slice(tailStart)];
      at = 1 + index - tailStart;
    } else {
      // The cursor about half way: half the room's columns before it.
      const start = startWithin(chars, (most * columns - 3) / 2, index);
      const mark = start === 0 ? [] : ['…'];
      const end = largest(index, chars.length, (end) => fits([...mark, ...chars.slice(start, end), '…']));
      shown = [...mark, ...chars.slice(start, end), '…'];
      at = index - start + mark.length;
    }
  }
  const { lines, positions, end } = laidOut(shown, columns);
  const { row, column } = positions[at] ?? end;
  // The library starts the row after a full one by its count of characters: only for a row they fill.
  // After one full with wide characters the cursor stays at its end, where a terminal leaves it.
  if (row === lines.length && [...(lines.at(-1) ?? '')].length < columns) return { lines, row: row - 1, column: columns };
  return { lines, row, column };
}

/**
 * Characters in rows of `columns` as the terminal wraps them: a wide one that does not fit in what is
 * left of a row goes to the next. Where each is drawn, and where the cursor after the last one is (after
 * a full row, at the next one's start).
 */
function laidOut(chars: string[], columns: number): { lines: string[]; positions: { row: number; column: number }[]; end: { row: number; column: number } } {
  const lines = [''];
  const positions: { row: number; column: number }[] = [];
  let column = 0;
  for (const char of chars) {
    const width = charColumns(char);
    if (column + width > columns && column > 0) {
      lines.push('');
      column = 0;
    }
    positions.push({ row: lines.length - 1, column });
    lines[lines.length - 1] += char;
    column += width;
  }
  return { lines, positions, end: column >= columns ? { row: lines.length, column: 0 } : { row: lines.length - 1, column } };
}
