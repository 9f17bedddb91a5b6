/**
 * whk is an ES module and cannot be loaded with require() (cjs/require.cjs throws): from CommonJS
 * load it with `const { send } = await import('whk')`; in an ES module, `import { send } from 'whk'`.
 * Its types are here as types only, so TypeScript refuses a CommonJS import of a value rather than
 * compile a require() that fails at run time.
 */
export type * from '../dist/index.js' with { 'resolution-mode': 'import' };
