// AlertSite (SmartBear) JSON alert (the Harness AI SRE "AlertSite" template): the body of a
// "POST JSON request to web server" recipient with AlertSite's default availability template, flat
// and all strings. The Harness template page's sample fills the same fields with its own values.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import type { Random } from '../util/prng.js';
import { sampleInstant } from './common.js';
import { alertMapping } from './alert-mapping.js';
import { defineKind, type GenerateContext, NO_RETRY } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The alert's schema, built on first use (util/zod.ts). */
export const alertsiteSchema = lazySchema((z) => {
  // AlertSite's "2017-05-17 14:22:08"; the Harness sample's ISO "2025-03-16T15:00:00Z".
  const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/, 'expected a date and time such as 2017-05-17 14:22:08');

  const rotatedLocationSchema = z.object({ status: z.string(), status_text: z.string(), location: z.string() }).loose();

  return z
    .object({
      source: z.literal('AlertSite'),
      // AlertSite documents "error" and "clear"; the Harness sample says "alert".
      notify_type: z.string().min(1),
      custid: z.string(),
      company: z.string(),
      device_id: z.string().min(1),
      device_name: z.string(),
      timestamp,
      // A numeric status code as a string ("7") in AlertSite's example; "error" in the Harness sample.
      status: z.string().min(1),
      errcount: z.string(),
      status_text: z.string(),
      location: z.string(),
      location_num: z.string(),
      device_typecode: z.string(),
      device_type: z.string(),
      transaction: z.string(),
      url: z.string(),
      http_status: z.string(),
      step_num: z.string(),
      step_name: z.string(),
      rotated_locations: z.array(rotatedLocationSchema).optional(),
    })
    .loose();
});

export type AlertsitePayload = z.infer<Built<typeof alertsiteSchema>>;

const MONITORS = [
  { name: 'Home page', url: 'https://www.acme.example/' },
  { name: 'Checkout API health', url: 'https://api.acme.example/health' },
  { name: 'Login page', url: 'https://login.acme.example/' },
  { name: 'Search results', url: 'https://www.acme.example/search?q=shoes' },
];
const LOCATIONS = [
  ['Fort Lauderdale, FL', '10'],
  ['Chicago, IL', '20'],
  ['Dallas, TX', '30'],
  ['Amsterdam, Netherlands', '81'],
  ['London, UK', '90'],
] as const;
// Codes and texts from SmartBear's own table of AlertSite statuses (its AlertSite for Magento extension,
// Model/Alertsiteapi.php $_statuses): 7 is the JSON Alerts page's example, 6 and 1 fail before an answer.
const ERRORS = [
  ['7', 'HTTP error from web server', 'HTTP 500'],
  ['7', 'HTTP error from web server', 'HTTP 503'],
  ['6', 'No response from server', ''],
  ['1', 'TCP connection failed', ''],
] as const;
/** Status 0 ("no error", the Alert Delivery Methods page) with that table's text for it. */
const CLEAR = ['0', 'Site responded normally to all tests', 'HTTP 200'] as const;

/** AlertSite's own timestamp format, "2017-05-17 14:22:08" (UTC here). */
function alertsiteTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function generate({ random, variant }: GenerateContext): AlertsitePayload {
  const monitor = random.pick(MONITORS);
  const [location, locationNum] = random.pick(LOCATIONS);
  const clear = variant === 'availability-clear';
  const [status, statusText, httpStatus] = clear ? CLEAR : random.pick(ERRORS);
  const others = pickOthers(random, location);
  return {
    source: 'AlertSite',
    notify_type: clear ? 'clear' : 'error',
    custid: `C${random.int(10_000, 99_999)}`,
    company: random.pick(['Acme Corp', 'Globex', 'Initech']),
    device_id: String(random.int(100_000, 999_999)),
    device_name: monitor.name,
    timestamp: alertsiteTime(sampleInstant(random)),
    status,
    errcount: clear ? '0' : String(random.int(1, 5)),
    status_text: statusText,
    location,
    location_num: locationNum,
    device_typecode: 'w',
    device_type: 'Web Server',
    transaction: '0',
    url: monitor.url,
    http_status: httpStatus,
    step_num: '',
    step_name: '',
    rotated_locations: others.map((other) => ({ status, status_text: statusText, location: other })),
  };
}

/** The other locations of the rotation that saw the same result (none, one or two). */
function pickOthers(random: Random, location: string): string[] {
  const others = LOCATIONS.map(([name]) => name).filter((name) => name !== location);
  return others.filter(() => random.chance(0.3)).slice(0, 2);
}

export const alertsite = defineKind<AlertsitePayload>({
  id: 'alertsite',
  title: 'AlertSite JSON alert (POST JSON request to web server)',
  bodyOrigin: 'template',
  template: 'AlertSite',
  integrationType: 'alert',
  follows:
    'SmartBear\'s AlertSite "JSON Alerts" page (the default availability alert body, its User-Agent, Basic authentication, custom templates) and "Alert Data Fields" page (the fields\' meanings, errcount 0 on clear alerts), the status codes and their texts of SmartBear\'s AlertSite for Magento extension (Model/Alertsiteapi.php, mirrored as OpenMageModuleFostering/smartbear_alertsite), and the sample on Harness\'s "AlertSite Integration Webhook Template" page (harness/developer-hub docs/ai-sre/alerts/webhooks/templates/monitoring/alertsite.md)',
  variants: [
    { id: 'availability-error', description: 'notify_type "error": a monitor failed its availability check' },
    { id: 'availability-clear', description: 'notify_type "clear": the monitor is available again' },
  ],
  schema: alertsiteSchema,
  claims: { keys: ['notify_type'] },
  looksLike: (payload) => isRecord(payload) && payload['source'] === 'AlertSite' && typeof payload['notify_type'] === 'string',
  generate,
  delivery: {
    success: '2xx',
    retry: NO_RETRY,
    timeoutMs: 30_000,
    userAgent: 'ipd/1.0 (ipd; IPD 1.0; AlertSite)',
    auth: ['basic'],
    whkChoices: ['success', 'retry', 'timeout'],
    provenance: {
      documented: [
        'one HTTP POST with a JSON body per alert, sent from the AlertSite location that ran the check ("JSON Alerts")',
        'User-Agent with the ipd/ prefix, e.g. "ipd/1.0 (ipd; IPD 1.0; AlertSite)"',
        'Basic authentication is supported; custom HTTP headers are not',
        'custom alert templates may rename and restructure every field (separate templates for error and clear, availability and performance)',
      ],
      ours: ['success is any 2xx', 'no retry', 'the 30 s timeout', 'Content-Type: application/json (the page says "JSON format")', 'no gzip: the "JSON Alerts" page names no compression or Content-Encoding'],
    },
  },
  doubts: [
    'Only AlertSite\'s default availability body is modelled; performance alerts and custom templates (which can rename every field) are not.',
    'The "clear" body is whk\'s: the page names clear alerts but whk\'s copy of it shows only the error example. Its errcount "0" is the "Alert Data Fields" page\'s (clear alerts carry 0), its status "0" is AlertSite\'s code for no error ("Alert Delivery Methods"), its status_text the text SmartBear\'s status table gives 0 ("Site responded normally to all tests"); that a clear alert carries that text, and its http_status "HTTP 200", are whk\'s reading.',
    'The Harness template sample sends notify_type "alert", status "error" and an ISO timestamp where AlertSite sends "error", a numeric code and "2017-05-17 14:22:08"; both validate, samples follow AlertSite.',
    'rotated_locations is shown only in the Harness sample; samples list the other locations that saw the same result.',
    'The status codes and texts are SmartBear\'s (the JSON Alerts page\'s "7" "HTTP error from web server"; "6" "No response from server" and "1" "TCP connection failed" from the status table of SmartBear\'s AlertSite for Magento extension, Model/Alertsiteapi.php, mirrored as OpenMageModuleFostering/smartbear_alertsite); an empty http_status when no answer came, and the numbers of locations other than Fort Lauderdale ("10"), are whk\'s.',
    'http_status is "HTTP 500" in the JSON Alerts example and a status line ("HTTP/1.1 503 Service Unavailable") in the "Alert Data Fields" page\'s sample values; samples follow the example, and any string validates.',
  ],
  mapping: alertMapping({
    title: 'device_name',
    severity: { path: 'notify_type', default: 'error' },
    status: 'status_text',
    service: 'device_name',
    description: 'status_text',
    link: 'url',
    timestamp: 'timestamp',
  }),
});
