// The bytes of a Sentry issue alert webhook: the payload in the order getsentry/sentry builds it,
// written as its json.dumps writes it (python-format.ts). Only the sender side uses it.
import { isRecord } from '../util/json.js';
import { orjsonLength, PythonFloat, pythonJson, pythonSorted } from './python-format.js';

// sentry_apps/api/serializers/app_platform_event.py: AppPlatformEvent.body builds
// AppPlatformEventBody(action=, installation=, data=, actor=), and get_actor
// AppPlatformEventActor(type=, id=, name=): a TypedDict keeps its keyword arguments' order.
const BODY = ['action', 'installation', 'data', 'actor'];
const ACTOR = ['type', 'id', 'name'];
// sentry_apps/tasks/sentry_apps.py send_alert_webhook_v2: {"event", "triggered_rule"}, then
// data[additional_payload_key]; notify_sentry_app names it issue_alert, with id, title, sentry_app_id, settings.
const DATA = ['event', 'triggered_rule', 'issue_alert'];
const ISSUE_ALERT = ['id', 'title', 'sentry_app_id', 'settings'];
// services/eventstore/models.py GroupEvent.as_dict writes these first, then every stored key sorted
// (title, location and culprit among them: the save stores them); _webhook_event_data then adds url,
// web_url, occurrence (an occurrence's issue only), issue_url and issue_id.
const EVENT_FIRST = ['event_id', 'project', 'release', 'dist', 'platform', 'message', 'datetime', 'tags'];
const EVENT_LAST = ['url', 'web_url', 'occurrence', 'issue_url', 'issue_id'];
// Floats in Python even when whole: Relay writes timestamp and received as f64 (relay-protocol,
// Timestamp's to_value: Value::F64), event_manager.py nodestore_insert as datetime.timestamp().
const EVENT_FLOATS = new Set(['timestamp', 'received', 'nodestore_insert']);

type Entry = [string, unknown];

/** The record's keys in `first`'s order, then `middle` (by default the rest in their own order), then `last`'s. */
function ordered(record: Record<string, unknown>, first: readonly string[], last: readonly string[] = [], middle = (keys: string[]) => keys): string[] {
  const listed = new Set([...first, ...last]);
  const present = (keys: readonly string[]) => keys.filter((key) => Object.hasOwn(record, key));
  return [...present(first), ...middle(Object.keys(record).filter((key) => !listed.has(key))), ...present(last)];
}

const mapOf = (entries: Entry[]): Map<string, unknown> => new Map(entries);

/**
 * A stored value as nodestore gives it back: services/nodestore/base.py writes the event with
 * sort_keys=True and json.loads keeps the document's order, so every object in it has its keys sorted.
 */
function asStored(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asStored);
  if (!isRecord(value)) return value;
  return mapOf(pythonSorted(Object.keys(value)).map((key) => [key, asStored(value[key])]));
}

const NOT_STORED = new Set([...EVENT_FIRST, ...EVENT_LAST]);

/** An event's value as Python holds it: a float where Relay or the save wrote one, even when whole. */
const asPython = (key: string, value: unknown): unknown => (EVENT_FLOATS.has(key) && typeof value === 'number' ? new PythonFloat(value) : value);

function eventInOrder(event: Record<string, unknown>): Map<string, unknown> {
  return mapOf(
    ordered(event, EVENT_FIRST, EVENT_LAST, pythonSorted).map((key) => {
      const value = asPython(key, event[key]);
      return [key, NOT_STORED.has(key) || value instanceof PythonFloat ? value : asStored(value)];
    }),
  );
}

/**
 * _metrics['bytes.stored.event'] of the event the webhook sends, as event_manager.py
 * _materialize_event_metrics measured it when it was stored: len(orjson.dumps(dict(event.data.items())).decode())
 * of the event without what _webhook_event_data adds (EVENT_LAST), with `metrics` as _metrics then,
 * its floats written as floats.
 */
export function storedEventSize(event: Record<string, unknown>, metrics: Record<string, unknown>): number {
  const stored = Object.entries(event).filter(([key]) => !EVENT_LAST.includes(key));
  return orjsonLength(Object.fromEntries([...stored, ['_metrics', metrics]].map(([key, value]) => [key, asPython(key as string, value)])));
}

const inOrder = (value: unknown, first: readonly string[], each: (key: string, item: unknown) => unknown = (_key, item) => item): unknown =>
  isRecord(value) ? mapOf(ordered(value, first).map((key) => [key, each(key, value[key])])) : value;

/**
 * The body Sentry sends for this payload: its keys in Sentry's order, written by json.dumps. Keys
 * Sentry does not write (added with --set) follow its own in the payload's order, or sorted among the
 * event's stored keys.
 */
export function sentryBody(payload: unknown): string {
  const data = (key: string, item: unknown) => (key === 'event' && isRecord(item) ? eventInOrder(item) : key === 'issue_alert' ? inOrder(item, ISSUE_ALERT) : item);
  return pythonJson(inOrder(payload, BODY, (key, item) => (key === 'data' ? inOrder(item, DATA, data) : key === 'actor' ? inOrder(item, ACTOR) : item)));
}
