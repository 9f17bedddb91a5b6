// The wizard's yes/no question, made with the prompt library's core as its `confirm` is (the same keys:
// y, yes, n, no, Tab to swap, Enter), but drawn again at a resize of the terminal: the library's drew
// only at a key, and a question cut to a 40x10 terminal, made 30x8, stayed wrapped over the screen.
import { createPrompt, isEnterKey, isTabKey, makeTheme, useKeypress, usePrefix, useState, type Status } from '@inquirer/core';
import { useRedrawOnResize } from './text-prompt.js';

export interface ConfirmConfig {
  /** Read at each drawing: it may be fitted to the terminal's size then. */
  message: string;
  default?: boolean;
  /** Calls `redraw` at each resize of the terminal; returns the function that stops it. */
  onResize?: (redraw: () => void) => () => void;
}

/** What `typed` answers, as the library reads it: a y or n start, else the default (yes unless it is no). */
function answerOf(typed: string, defaultValue: boolean | undefined): boolean {
  if (/^(y|yes)/i.test(typed)) return true;
  if (/^(n|no)/i.test(typed)) return false;
  return defaultValue !== false;
}

// Erases from the cursor to the end of the screen (ED 0).
const ERASE_BELOW = '\x1b[J';

const yesOrNo = (answer: boolean): string => (answer ? 'Yes' : 'No');

export const confirmPrompt = createPrompt<boolean, ConfirmConfig>((config, done) => {
  const theme = makeTheme<object>();
  const [status, setStatus] = useState<Status>('idle');
  const [value, setValue] = useState('');
  const prefix = usePrefix({ status, theme });
  useRedrawOnResize(config.onResize);
  useKeypress((key, rl) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      const answer = answerOf(value, config.default);
      setValue(yesOrNo(answer));
      setStatus('done');
      done(answer);
    } else if (isTabKey(key)) {
      const swapped = yesOrNo(!answerOf(value, config.default));
      // The Tab readline put in the line goes with it.
      rl.clearLine(0);
      rl.write(swapped);
      setValue(swapped);
    } else {
      setValue(rl.line);
    }
  });
  const message = theme.style.message(config.message, status);
  if (status === 'done') return `${prefix} ${message} ${theme.style.answer(value)}`;
  // Erased to the screen's end after the question: a terminal that re-wraps its rows at a resize
  // (tmux) moved the end of the old drawing below the rows the library erases, and it stayed under the
  // question redrawn ('ow? (Y/n)' under a question cut for 30x8, drawn for 40x10).
  return `${prefix} ${message} ${theme.style.defaultAnswer(config.default === false ? 'y/N' : 'Y/n')} ${value}${ERASE_BELOW}`;
});
