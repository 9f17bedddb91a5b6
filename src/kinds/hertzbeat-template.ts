// The bytes HertzBeat's default webhook templates (2-WebhookTemplate.txt) really render: FreeMarker
// output, not serialized JSON, so it carries the templates' defects. The grouped one: a trailing comma
// before "}" for a firing alert without annotations (1.7.1+), a doubled comma before every optional
// time (1.7.0), and commonLabels.alertName written without escaping. Whitespace follows the template.
// The flat one of 1.4.2–1.4.4: see renderFlatTemplate.

// The fields the template reads, declared here rather than imported from hertzbeat-alarm.ts (which
// imports this renderer): its grouped payload type satisfies them.
interface Alert {
  index: number;
  labels?: Record<string, string> | undefined;
  content?: string | undefined;
  triggerTimes: number;
  startAt: string;
  activeAt?: string | null | undefined;
  endAt?: string | null | undefined;
  annotations?: Record<string, string> | undefined;
}

interface Group {
  title: string;
  status: string;
  commonLabels: { severity?: string | undefined; alertName?: string | undefined };
  alerts: readonly Alert[];
  commonAnnotations?: Record<string, string> | undefined;
}

/** FreeMarker's ?json_string: the inside of a JSON string. */
const jsonString = (value: string): string => JSON.stringify(value).slice(1, -1);

function entries(map: Record<string, string> | undefined, indent: string): string[] {
  const list = Object.entries(map ?? {});
  return list.map(([key, value], i) => `${indent}"${key}": "${jsonString(value)}"${i < list.length - 1 ? ',' : ''}`);
}

/** One alert as the 1.7.1+ template writes it: activeAt always ends in a comma. */
function alertLines(alert: Alert, release: '1.7.0' | '1.7.1'): string[] {
  const annotated = Object.keys(alert.annotations ?? {}).length > 0;
  const lines = ['    {', `      "index": ${alert.index},`, '      "labels": {', ...entries(alert.labels, '        '), '      },'];
  if (alert.content) lines.push(`      "content": "${jsonString(alert.content)}",`);
  lines.push(`      "triggerTimes": ${alert.triggerTimes},`, `      "startAt": "${alert.startAt}",`);
  if (release === '1.7.0') {
    // 1.7.0 opened each optional part with its own comma after the one already written. Its
    // `<#if ...>,` lines are not tag-only, so FreeMarker keeps their indentation: an absent part
    // leaves its six spaces in front of the next line written.
    let pending = '';
    const optional = (present: boolean, part: string[]) => {
      if (present) lines.push(`${pending}      ,`, ...part);
      pending = present ? '' : `${pending}      `;
    };
    optional(Boolean(alert.activeAt), [`      "activeAt": "${alert.activeAt}"`]);
    optional(Boolean(alert.endAt), [`      "endAt": "${alert.endAt}"`]);
    optional(annotated, ['      "annotations": {', ...entries(alert.annotations, '        '), '      }']);
    return [...lines, pending];
  } else {
    if (alert.activeAt) lines.push(`      "activeAt": "${alert.activeAt}",`);
    if (alert.endAt) lines.push(`      "endAt": "${alert.endAt}"${annotated ? ',' : ''}`);
    if (annotated) lines.push('      "annotations": {', ...entries(alert.annotations, '        '), '      }');
  }
  return lines;
}

export function renderGroupedTemplate(group: Group, release: '1.7.0' | '1.7.1'): string {
  const { severity, alertName } = group.commonLabels;
  const common: string[] = [];
  if (severity !== undefined) common.push(`    "severity": "${severity}"${alertName !== undefined ? ',' : ''}`);
  // The template writes ${commonLabels.alertname} with no ?json_string: a quote in it breaks the JSON.
  if (alertName !== undefined) common.push(`    "alertName": "${alertName}"`);
  const alerts = group.alerts.flatMap((alert, i) => {
    const lines = alertLines(alert, release);
    // The 1.7.0 lines end with the indentation its absent parts left for the closing brace.
    const indent = release === '1.7.0' ? (lines.pop() ?? '') : '';
    lines.push(`${indent}${i < group.alerts.length - 1 ? '    },' : '    }'}`);
    return lines;
  });
  return [
    '{',
    `  "title": "${group.title}",`,
    `  "status": "${group.status}",`,
    '  "commonLabels": {',
    ...common,
    '  },',
    '  "alerts": [',
    ...alerts,
    '  ],',
    '  "commonAnnotations": {',
    ...entries(group.commonAnnotations, '    '),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The flat payload's fields the 1.4.2–1.4.4 template reads. */
interface Flat {
  alarmId?: number | undefined;
  target: string;
  thresholdId?: string | number | undefined;
  priority?: number | undefined;
  content: string;
  status?: number | undefined;
  times?: number | undefined;
  triggerTime: string;
  restoreTime?: string | undefined;
  tags?: Record<string, string> | undefined;
}

export type FlatTemplateRelease = '1.4.2' | '1.4.3' | '1.4.4';

// ${n} in FreeMarker's default number format, the locale's (Locale.CHINESE: 1,234) until 1.4.3 set
// it to "0" (#1334, AbstractAlertNotifyHandlerImpl.renderContent): 1.4.2 groups an alarmId past 999.
const formatNumber = (n: number | undefined, release: FlatTemplateRelease): string =>
  n === undefined ? '' : release === '1.4.2' ? n.toLocaleString('en-US', { maximumFractionDigits: 3 }) : String(n);

/**
 * The bytes 1.4.2–1.4.4 send for a flat alarm: their 2-WebhookTemplate.txt (manager/src/main/resources/
 * templates at each release's commit in apache/hertzbeat), with FreeMarker's stripping of lines that
 * hold only tags, then renderContent's collapsing of blank lines. Values are written unescaped and
 * thresholdId unquoted, as the template does. 1.4.2 and 1.4.3 end every tag with a comma, so the last
 * one leaves a trailing comma. 1.4.4 (#1474) drops blank tags, leaves out an empty "tags", and replaces
 * ",\n  }" with "\n }" in the result: no trailing comma after tags, but one after triggerTime or
 * restoreTime when there are none.
 */
export function renderFlatTemplate(flat: Flat, release: FlatTemplateRelease): string {
  const number = (n: number | undefined) => formatNumber(n, release);
  const tags = Object.entries(flat.tags ?? {}).filter(([key, value]) => release !== '1.4.4' || (key.trim() !== '' && value.trim() !== ''));
  const lines = [
    '{',
    `  "alarmId": ${number(flat.alarmId)},`,
    `  "target": "${flat.target}",`,
    // A line with text in its <#if> is not stripped: absent, it leaves its indentation, collapsed below.
    `  ${flat.thresholdId === undefined ? '' : `"thresholdId": ${flat.thresholdId},`}`,
    `  "priority": ${number(flat.priority)},`,
    `  "content": "${flat.content}",`,
    `  "status": ${number(flat.status)},`,
    `  "times": ${number(flat.times)},`,
    `  "triggerTime": "${flat.triggerTime}",`,
  ];
  if (release === '1.4.4') {
    lines.push(`  ${flat.restoreTime === undefined ? '' : `"restoreTime": "${flat.restoreTime}",`}`);
    if (tags.length > 0) lines.push('  "tags": {', ...tags.map(([key, value]) => `    "${key}": "${value}",`), '  }');
  } else {
    // Without tags FreeMarker fails on <#list> of null and nothing is sent; whk writes an empty object.
    lines.push('  "tags": {', ...tags.map(([key, value]) => `      "${key}": "${value}",`), '  }');
  }
  const rendered = [...lines, '}', ''].join('\n').replace(/(\r\n|\n)[\s\t ]*(\1)+/g, '$1');
  return release === '1.4.4' ? rendered.replaceAll(',\n  }', '\n }') : rendered;
}
