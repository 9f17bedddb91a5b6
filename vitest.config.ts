import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll's own default is 1 s: a page, a child process or a receiver on a loaded two-core
    // machine took longer to get there, and the test failed though nothing was wrong. A poll ends as
    // soon as it holds, so a longer bound costs nothing where all is well.
    expect: { poll: { timeout: 10_000 } },
    env: { NO_COLOR: '1', FORCE_COLOR: '0' },
    // The run's temporary files in one directory, removed at its end.
    globalSetup: ['test/helpers/temp-root.ts'],
    // Two files at a time, where vitest's default on two cores is one: most files wait on the real
    // binary, a browser or sockets, and the suite ran 778 s one at a time against 657 s two at a time.
    maxWorkers: 2,
    projects: [
      // Unit tests are pure and share no state, so one worker's modules serve them all: a fresh
      // module graph per file (the kinds, zod, ajv loaded again) cost more than the tests.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'rest', include: ['test/**/*.test.ts'], exclude: ['test/unit/**'] } },
    ],
  },
});
