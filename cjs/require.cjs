// require('whk') resolves here (package.json "exports" → "require"). whk is an ES module whose kind
// registry awaits at its top level, so not even Node's require(esm) loads it: this says how to load
// it in one line, where Node would say that no "exports" main is defined. The code is Node's own for
// a require of an ES module, which tools that fall back to import() look for.
'use strict';
const error = new Error("whk is an ES module and cannot be loaded with require(): use `import { send } from 'whk'` in an ES module, or `const { send } = await import('whk')` from CommonJS");
error.code = 'ERR_REQUIRE_ESM';
throw error;
