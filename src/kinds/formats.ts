// The JSON Schema formats a custom kind checks strings against (without ajv-formats, by zod's own
// validators), and what `kind from-capture` asks before it names a format: one table, so an inferred
// schema never names a format its own example fails.
import { z } from 'zod';

export const FORMATS = {
  'date-time': (v) => z.iso.datetime({ offset: true }).safeParse(v).success,
  date: (v) => z.iso.date().safeParse(v).success,
  time: (v) => z.iso.time().safeParse(v).success,
  email: (v) => z.email().safeParse(v).success,
  uuid: (v) => z.uuid().safeParse(v).success,
  uri: (v) => URL.canParse(v),
  ipv4: (v) => z.ipv4().safeParse(v).success,
  ipv6: (v) => z.ipv6().safeParse(v).success,
} satisfies Record<string, (value: string) => boolean>;
