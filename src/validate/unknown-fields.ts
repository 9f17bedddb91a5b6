// Lists the fields of a payload that a (loose) zod schema does not declare, as '$.path' paths, and
// words the note on each as the kind's body origin makes true (a newer release, an edited template).
// The schema is compiled once into a walker (cached per schema), so a large file pays per payload
// only for the walk itself, not for reading zod's definitions again.
import type { z } from 'zod';
import type { BodyOrigin } from '../kinds/types.js';
import { hasOpenFields, UNLISTED_FOUND, UNLISTED_NAMED } from '../kinds/common.js';
import { cutText } from '../util/cut-text.js';
import { formatPath, type PathSegment } from '../util/json-path.js';
import { acceptsFast } from './fast-accept.js';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; schema?: z.ZodType; options?: readonly z.ZodType[] };

/** Walks a value, appending notes; `path` is a shared stack of the segments down to `value`. */
type Walker = (value: unknown, path: PathSegment[], notes: string[]) => void;

// The first few elements are enough to notice a new field; batches can be long.
const ELEMENTS_WALKED = 3;

const walkers = new WeakMap<object, Walker>();
const nothing: Walker = () => {};

/** Where a field the schema does not list comes from, by who writes the body. */
const UNLISTED_BECAUSE: Readonly<Record<BodyOrigin, string>> = {
  'sender-code': 'is not in the schema (a newer sender field?)',
  'sender-code-or-template': 'is not in the default body (a newer sender field, or added by a custom template?)',
  template: 'is not in the default template (added by an edited template?)',
  'user-script': 'is not in the body whk models (added by your script?)',
  'user-schema': 'is not in your schema',
};

/** The note on one unlisted field ('$.a.b'), worded for who writes the body; a sender's long key cut (util/cut-text.ts). */
function unlistedFieldNote(path: string, origin: BodyOrigin): string {
  return `${cutText(path)} ${UNLISTED_BECAUSE[origin]}`;
}

/** The notes on the unlisted fields a walk found: the first UNLISTED_NAMED, and one saying there are more. */
export function unlistedFieldNotes(paths: readonly string[], origin: BodyOrigin): string[] {
  const notes = paths.slice(0, UNLISTED_NAMED).map((path) => unlistedFieldNote(path, origin));
  if (paths.length > UNLISTED_NAMED) notes.push(`more fields than these ${UNLISTED_NAMED} are unlisted: the notes stop there (whk's bound)`);
  return notes;
}

/** The paths of the fields the schema does not declare, at most UNLISTED_FOUND. */
export function unknownFields(schema: z.ZodType, value: unknown): string[] {
  const notes: string[] = [];
  walkerOf(schema)(value, [], notes);
  return notes;
}

function walkerOf(schema: z.ZodType): Walker {
  let walker = walkers.get(schema);
  if (!walker) {
    // A recursive schema meets itself while compiling: the placeholder defers to the result.
    let done: Walker | undefined;
    walkers.set(schema, (value, path, notes) => done?.(value, path, notes));
    done = compile(schema);
    walkers.set(schema, done);
    walker = done;
  }
  return walker;
}

function compile(schema: z.ZodType): Walker {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return def.innerType ? objectsOnly(walkerOf(def.innerType)) : nothing;
    case 'pipe':
      return def.in ? objectsOnly(walkerOf(def.in)) : nothing;
    case 'union': {
      // The branch that accepts the value is the one whose fields count (e.g. a monitor object or array).
      const options = (def.options ?? []).map((option) => ({ option, walk: walkerOf(option) }));
      return objectsOnly((value, path, notes) => {
        const branch = options.find(({ option }) => acceptsFast(option, value) || option.safeParse(value).success);
        branch?.walk(value, path, notes);
      });
    }
    case 'array': {
      if (!def.element) return nothing;
      const element = walkerOf(def.element);
      return (value, path, notes) => {
        if (!Array.isArray(value)) return;
        const end = Math.min(value.length, ELEMENTS_WALKED);
        for (let i = 0; i < end && notes.length < UNLISTED_FOUND; i++) {
          path.push(i);
          element(value[i], path, notes);
          path.pop();
        }
      };
    }
    case 'object': {
      if (!def.shape) return nothing;
      const shape = new Map(Object.entries(def.shape).map(([key, child]) => [key, walkerOf(child)]));
      // A REST-shaped entity (kinds/common openFields): its other fields are the sender's, not news.
      const open = hasOpenFields(schema);
      return (value, path, notes) => {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
        // for…in lists a parsed body's own keys, as Object.keys does, without an array a request.
        for (const key in value) {
          if (notes.length >= UNLISTED_FOUND) return;
          const child = shape.get(key);
          // A declared leaf (a string, a number) holds no fields: nothing to walk.
          if (child === nothing) continue;
          path.push(key);
          if (child) child((value as Record<string, unknown>)[key], path, notes);
          else if (!open) notes.push(formatPath(path));
          path.pop();
        }
      };
    }
    default:
      return nothing;
  }
}

/** Only objects and arrays can hold unknown fields; anything else is not walked at all. */
function objectsOnly(walker: Walker): Walker {
  if (walker === nothing) return nothing;
  return (value, path, notes) => {
    if (notes.length < UNLISTED_FOUND && value !== null && typeof value === 'object') walker(value, path, notes);
  };
}
