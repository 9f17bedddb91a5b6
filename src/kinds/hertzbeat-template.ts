// The bytes HertzBeat's default grouped webhook template (2-WebhookTemplate.txt) really renders:
// FreeMarker output, not serialized JSON, so it carries the template's defects: a trailing comma
// before "}" for a firing alert without annotations (1.7.1+), a doubled comma before every optional
// time (1.7.0), and commonLabels.alertName written without escaping. Whitespace follows the template.

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
