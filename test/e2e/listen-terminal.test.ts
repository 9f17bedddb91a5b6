// whk listen in a real terminal (tmux): what a person sees when they stop it with Ctrl-C.
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { hasTmux, startTmux, type TmuxSession } from '../helpers/tmux.js';

const cwd = new URL('../..', import.meta.url).pathname;

// In CI (where .ci/run installs tmux) a missing tmux fails the test instead of skipping it.
describe.runIf(hasTmux || process.env['CI'] !== undefined)('listen in a real terminal (tmux)', () => {
  let session: TmuxSession | undefined;
  afterEach(() => session?.kill());

  it("Ctrl-C: the summary starts on a line of its own, below the terminal's ^C", async () => {
    session = startTmux(`env NO_COLOR=1 node ${BIN} listen --port 0; echo "WHK_EXIT=$?"; sleep 30`, { cwd });
    await session.waitFor(/listening on http/, 30_000);
    session.keys('C-c');
    const end = await session.waitFor(/WHK_EXIT=\d+/, 30_000);
    expect(end).toContain('WHK_EXIT=130');
    // It began on the ^C line: '^C0 requests: 0 valid, 0 invalid'.
    expect(end).toMatch(/^\^C\n0 requests: 0 valid, 0 invalid$/m);
  });
});
