#!/usr/bin/env node
// A checkout never built (or installed or packed with scripts off) has no dist/: one line saying
// so rather than Node's stack trace. Any other failure to load (a dependency missing) surfaces as before.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/main.js', import.meta.url);
import(main.href).then(
  (whk) => whk.run(),
  (error) => {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || existsSync(main)) throw error;
    const path = fileURLToPath(main);
    console.error(`whk: not built: ${path} is missing; run \`npm run build\` in ${dirname(dirname(path))}`);
    process.exitCode = 1;
  },
);
