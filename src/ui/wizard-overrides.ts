// The wizard's field overrides (send --set), each checked as it is typed as `whk send --set` checks
// it: its form, that it applies to the payload, that send takes it with the other answers, and that
// the payload it leaves is still one of the kind. Refused at the prompt, with why, rather than after
// the preview and the save.
import { readEntries } from '../capture/read.js';
import { setRefusal } from '../delivery/replay.js';
import { isWhkError, renameFields } from '../errors.js';
import type { Kind } from '../kinds/types.js';
import { flagNamer } from '../options/index.js';
import { replayOptions } from '../options/replay.js';
import { parseAssignment } from '../util/json-path.js';
import type { Prompter } from './prompts.js';
import { saidAtPrompt } from './wizard-files.js';

/** A field override as typed: true, or why not and the form (a path of keys and [n] indexes, '=', a value). */
export function checkAssignment(value: string): true | string {
  if (value.trim() === '') return true;
  try {
    parseAssignment(value.trim());
    return true;
  } catch (error) {
    const why = error instanceof Error ? error.message.replace('invalid `set` ', 'invalid ') : 'invalid path=value';
    return `${why}; write path=value, e.g. data.environment.name=Staging or alerts[0].status=resolved (the value is read as JSON, else as text)`;
  }
}

// Records of a capture file a replay's change is tried on at the prompt: a long session's file is not
// read whole at each Enter (whk's choice); replay itself refuses any later record it does not fit.
const SET_CHECKED_RECORDS = 1000;

/**
 * A field to change in each recorded body (replay --set) as it is typed: refused when replay would
 * refuse a record of the file for it (a path its body does not have the shape for, a body that is not
 * JSON), naming the first, in replay's words; accepted, every record was refused after the question.
 */
export async function checkReplaySet(file: string, value: string): Promise<true | string> {
  const form = checkAssignment(value);
  if (form !== true || value.trim() === '') return form;
  const leaveOut = () => undefined;
  let read = 0;
  try {
    for await (const { index, record } of readEntries(file, { skip: leaveOut, unended: leaveOut })) {
      const refusal = await setRefusal(record, [value.trim()]);
      if (refusal !== undefined) return renameFields(`replay would refuse record #${index}: ${refusal}`, flagNamer(replayOptions));
      if (++read === SET_CHECKED_RECORDS) break;
    }
  } catch (error) {
    // A file replay refuses later on: replay says what is wrong with it.
    if (!isWhkError(error)) throw error;
  }
  return true;
}

export interface OverrideTarget {
  kind: Kind;
  /** The event chosen (github's pull_request), which picks the schema the payload is held to. */
  event: string | undefined;
  /** The payload the command sends first, with these overrides applied (throws when one cannot apply). */
  sample(set: string[]): unknown;
  /** What send refuses of the command with these overrides (a field the lifecycle sets anew), in its words; true when it takes it. */
  sending?(set: string[]): true | string;
}

/**
 * Field overrides, each checked against the payload as typed: one that cannot apply to it (an index past
 * the end, a key under a string), that send refuses with the answers before it (status with the
 * lifecycle), or that leaves a payload the kind's schema refuses (github's action=zzz) is refused here,
 * not after every question by the command it runs.
 */
export async function askOverrides(prompter: Prompter, target: OverrideTarget): Promise<string[]> {
  const overrides: string[] = [];
  const validate = async (value: string): Promise<true | string> => {
    const form = checkAssignment(value);
    if (form !== true || value.trim() === '') return form;
    let payload: unknown;
    try {
      payload = target.sample([...overrides, value.trim()]);
    } catch (error) {
      if (!isWhkError(error)) throw error;
      return saidAtPrompt(error);
    }
    const refusal = target.sending?.([...overrides, value.trim()]) ?? true;
    if (refusal !== true) return refusal;
    // Loaded when an override is typed: the schemas are not needed before.
    const { assignedProblem } = await import('../validate/assigned.js');
    const problem = assignedProblem(target.kind, payload, target.event);
    return problem === undefined ? true : `that makes an invalid ${target.kind.id} payload: ${problem}`;
  };
  for (;;) {
    const answer = (await prompter.input('Override a field as path=value (empty when done)', { default: '', validate })).trim();
    if (!answer) return overrides;
    overrides.push(answer);
  }
}
