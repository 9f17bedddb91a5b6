// The kind filter's choices: each kind the rows hold, offered once, in the order they came.
import type { Row } from '../wire.js';

export interface KindChoices {
  /** Offers the kinds of `rows` not offered yet. */
  note(rows: readonly Row[]): void;
  /** The kinds offered become `rows`' (the one chosen stays, so the filter does not change under the reader). */
  reset(rows: readonly Row[]): void;
}

export function kindChoices(select: HTMLSelectElement): KindChoices {
  const kinds = new Set<string>();
  const note = (rows: readonly Row[]): void => {
    for (const row of rows) {
      const kind = row.kind ?? '(none)';
      if (kinds.has(kind)) continue;
      kinds.add(kind);
      select.append(new Option(kind, kind));
    }
  };
  return {
    note,
    reset(rows) {
      for (const option of [...select.options].slice(1)) {
        if (option.value !== select.value) option.remove();
      }
      kinds.clear();
      if (select.value !== '') kinds.add(select.value);
      note(rows);
    },
  };
}
