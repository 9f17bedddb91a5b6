import { describe, expect, it } from 'vitest';
import { KIND_IDS } from '../../src/kinds/ids.js';
import { listKinds } from '../../src/kinds/index.js';
import { loadKind } from '../../src/kinds/load.js';

describe('loading one kind by id', () => {
  it('the id list, the registry and the loader agree on every kind', async () => {
    expect(listKinds().map((kind) => kind.id)).toEqual([...KIND_IDS]);
    for (const kind of listKinds()) expect(await loadKind(kind.id)).toBe(kind);
  });

  it('an unknown id is a usage error naming the kinds', async () => {
    await expect(loadKind('nope')).rejects.toMatchObject({ exitCode: 2, message: "unknown kind 'nope'", hint: expect.stringContaining('metric-alert') });
  });
});
