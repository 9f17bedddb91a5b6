// The house's arrows (STYLE.md): no import cycles in src/, and none of the arrows that must not exist.
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph } from '../helpers/source-graph.js';

const CORE = ['kinds', 'delivery', 'receiver', 'validate', 'check', 'api', 'mapping', 'signing', 'capture', 'demo'];
const FACE = ['ui', 'commands', 'cli.ts', 'main.ts'];

/** Arrows that must not exist: from files under `from` to files under any of `to`. */
const FORBIDDEN: { from: string; to: string[]; why: string }[] = [
  ...CORE.map((dir) => ({ from: dir, to: FACE, why: 'the core never prints and never knows the CLI' })),
  { from: 'kinds', to: ['validate', 'delivery', 'receiver', 'check', 'api', 'demo'], why: 'a kind is data: it imports no side' },
  { from: 'receiver', to: ['delivery'], why: 'the receiver knows no sender' },
  { from: 'delivery', to: ['receiver'], why: 'the sender knows no receiver' },
];

const top = (file: string): string => file.split('/')[0] as string;

/** The arrows of a graph that FORBIDDEN names, each with its reason. */
function offendingArrows(graph: Map<string, string[]>): string[] {
  return [...graph].flatMap(([file, imports]) =>
    FORBIDDEN.filter((rule) => top(file) === rule.from).flatMap((rule) =>
      imports.filter((target) => rule.to.includes(top(target))).map((target) => `${file} → ${target} (${rule.why})`),
    ),
  );
}

describe('src import graph', () => {
  const graph = importGraph();

  it('reads the imports it is meant to (static, dynamic and type-only)', () => {
    // Guards the walker itself: cli.ts imports its commands lazily, api/send.ts has type-only imports.
    expect(graph.get('cli.ts')).toContain('commands/wizard.ts');
    expect(graph.get('api/send.ts')).toContain('delivery/retry.ts');
    expect(graph.size).toBeGreaterThan(100);
  });

  it('finds a cycle when there is one', () => {
    const cyclic = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(findCycles(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('has no cycles, type-only imports included', () => {
    expect(findCycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('finds a forbidden arrow when there is one', () => {
    const sample = new Map([
      ['delivery/retry.ts', ['ui/output.ts', 'delivery/attempt.ts']],
      ['kinds/jira.ts', ['kinds/types.ts', 'validate/issues.ts']],
      ['receiver/server.ts', ['delivery/request.ts']],
      ['commands/send.ts', ['delivery/chains.ts', 'cli.ts']],
    ]);
    expect(offendingArrows(sample)).toEqual([
      'delivery/retry.ts → ui/output.ts (the core never prints and never knows the CLI)',
      'kinds/jira.ts → validate/issues.ts (a kind is data: it imports no side)',
      'receiver/server.ts → delivery/request.ts (the receiver knows no sender)',
    ]);
  });

  it('has none of the arrows that must not exist', () => {
    expect(offendingArrows(graph)).toEqual([]);
  });
});
