// Apache HertzBeat's three payload generations as whk validates them: grouped (1.7.0+), flat
// (1.4.2–1.6.1) and the Jackson entity (up to 1.4.1), and which one a payload claims by its keys.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import { lazySchema, type Built } from '../util/zod.js';

/** What the generations share, built on first use (util/zod.ts). */
const parts = lazySchema((z) => {
  // FreeMarker's 'yyyy-MM-dd HH:mm:ss' in the server's time zone: no 'T', no zone.
  const hzbTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, { message: "expected a 'yyyy-MM-dd HH:mm:ss' time" });
  // Jackson's LocalDateTime: by RestTemplate's default converter an array [y, M, d, H, m(, s(, nanos))]
  // (WRITE_DATES_AS_TIMESTAMPS), or an ISO local string where dates were configured as text.
  const localDateTime = z.union([
    z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, { message: "expected an ISO local date-time like '2022-02-25T13:32:13'" }),
    z.array(z.number().int().min(0)).min(5).max(7),
  ]);
  const stringMap = z.record(z.string(), z.string());
  const priority = z.number().int().min(0).max(2);
  const alarmStatus = z.number().int().min(0).max(3);

  return { hzbTime, localDateTime, stringMap, priority, alarmStatus };
});

export const SEVERITIES = ['❤️ Critical', '💛 Warning', '💚 Info', 'Unknown'] as const;

/** The grouped body (1.7.0+), built on first use. */
export const groupedSchema = lazySchema((z) => {
  const { hzbTime, stringMap } = parts();

  return z
    .object({
      title: z.string(),
      // The template writes "UNKNOWN" when the group has no status.
      status: z.enum(['firing', 'resolved', 'UNKNOWN']),
      commonLabels: z.object({ severity: z.enum(SEVERITIES).optional(), alertName: z.string().optional() }).loose(),
      alerts: z.array(
        z
          .object({
            index: z.number().int().positive(),
            labels: stringMap,
            content: z.string().optional(),
            triggerTimes: z.number().int(),
            startAt: hzbTime,
            activeAt: hzbTime.optional(),
            endAt: hzbTime.optional(),
            annotations: stringMap.optional(),
          })
          .loose(),
      ),
      commonAnnotations: stringMap,
    })
    .loose()
    .superRefine((group, ctx) => {
      group.alerts.forEach((alert, i) => {
        if (alert.index !== i + 1) ctx.addIssue({ code: 'custom', path: ['alerts', i, 'index'], message: `must be ${i + 1} (1-based position in alerts)` });
      });
    });
});

/** The flat body (1.4.2–1.6.1), built on first use. */
export const flatSchema = lazySchema((z) => {
  const { hzbTime, stringMap, priority, alarmStatus } = parts();

  return z
    .object({
      target: z.string(),
      alarmId: z.number().int().optional(),
      // Quoted from 1.5.0 on; 1.4.2–1.4.4 wrote it unquoted.
      thresholdId: z.union([z.string(), z.number()]).optional(),
      priority: priority.optional(),
      content: z.string(),
      status: alarmStatus.optional(),
      times: z.number().int().optional(),
      triggerTime: hzbTime,
      restoreTime: hzbTime.optional(),
      tags: stringMap.optional(),
    })
    .loose();
});

/** The Jackson entity (up to 1.4.1), built on first use. */
export const entitySchema = lazySchema((z) => {
  const { localDateTime, stringMap, priority, alarmStatus } = parts();
  const epochMs = z.number().int().nullable().optional();

  return z
    .object({
      id: z.number().int(),
      target: z.string(),
      alertDefineId: z.number().int().nullable(),
      priority,
      content: z.string(),
      status: alarmStatus,
      times: z.number().int(),
      // 1.3.2–1.4.1 name them *AlarmTime; up to 1.3.1 *TriggerTime. The doc example has neither.
      firstAlarmTime: epochMs,
      lastAlarmTime: epochMs,
      firstTriggerTime: epochMs,
      lastTriggerTime: epochMs,
      nextEvalInterval: epochMs,
      triggerTimes: z.number().int().nullable().optional(),
      tags: stringMap.nullable().optional(),
      // The doc's example says "tag" and shows numeric values.
      tag: z.record(z.string(), z.union([z.string(), z.number()])).nullable().optional(),
      creator: z.string().nullable().optional(),
      modifier: z.string().nullable().optional(),
      gmtCreate: localDateTime,
      gmtUpdate: localDateTime,
    })
    .loose();
});

/** Any of the three, built on first use. */
export const hertzbeatAlarmSchema = lazySchema((z) => z.union([groupedSchema(), flatSchema(), entitySchema()]));

export type HertzbeatGrouped = z.infer<Built<typeof groupedSchema>>;
export type HertzbeatFlat = z.infer<Built<typeof flatSchema>>;
export type HertzbeatEntity = z.infer<Built<typeof entitySchema>>;
export type HertzbeatAlarm = z.infer<Built<typeof hertzbeatAlarmSchema>>;

export type Generation = 'grouped' | 'flat' | 'entity';

const GROUPED_KEYS = ['alerts', 'commonLabels', 'commonAnnotations', 'title'];
const ENTITY_KEYS = ['alertDefineId', 'gmtCreate', 'gmtUpdate', 'firstAlarmTime', 'lastAlarmTime', 'firstTriggerTime', 'lastTriggerTime'];
const FLAT_KEYS = ['target', 'triggerTime', 'alarmId', 'thresholdId', 'restoreTime'];

/** Which generation a payload claims by its keys, so only that generation's issues are reported. */
export function generationOf(payload: unknown): Generation | undefined {
  if (!isRecord(payload)) return undefined;
  const has = (keys: readonly string[]) => keys.some((key) => key in payload);
  if (has(GROUPED_KEYS)) return 'grouped';
  if (has(ENTITY_KEYS)) return 'entity';
  if (has(FLAT_KEYS)) return 'flat';
  return undefined;
}

export const GENERATION_SCHEMAS = { grouped: groupedSchema, flat: flatSchema, entity: entitySchema } as const;
