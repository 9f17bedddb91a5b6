// The title and message Grafana's default templates render into the webhook body
// (grafana/alerting templates/default_template.go: "default.title" via "__subject", "default.message").

interface TemplateAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  values: Record<string, number> | null;
  generatorURL: string;
  silenceURL: string;
  dashboardURL?: string;
  panelURL?: string;
}

interface TemplateGroup {
  status: string;
  alerts: readonly TemplateAlert[];
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
}

/** Alertmanager's KV.SortedPairs: alertname first, the other names in order. */
function sortedPairs(map: Record<string, string>): [string, string][] {
  return Object.entries(map).sort(([a], [b]) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** "__subject": [FIRING:n(, RESOLVED:m)] or [RESOLVED], the group labels' values, then the other common labels' values. */
export function grafanaTitle(group: TemplateGroup): string {
  const firing = group.alerts.filter((a) => a.status === 'firing').length;
  const resolved = group.alerts.length - firing;
  const status = group.status === 'firing' ? `FIRING:${firing}${resolved > 0 ? `, RESOLVED:${resolved}` : ''}` : group.status.toUpperCase();
  const grouped = sortedPairs(group.groupLabels).map(([, v]) => v).join(' ');
  const rest = sortedPairs(Object.fromEntries(Object.entries(group.commonLabels).filter(([k]) => !(k in group.groupLabels))));
  const extra = Object.keys(group.commonLabels).length > Object.keys(group.groupLabels).length ? `(${rest.map(([, v]) => v).join(' ')})` : '';
  return `[${status}] ${grouped} ${extra}`;
}

/** "__text_alert_list": one block per alert. */
function alertList(alerts: readonly TemplateAlert[]): string {
  return alerts
    .map((a) => {
      const values = a.values && Object.keys(a.values).length > 0 ? Object.keys(a.values).sort().map((ref) => `${ref}=${a.values?.[ref]}`).join(', ') : '[no value]';
      const pairs = (map: [string, string][]) => map.map(([k, v]) => ` - ${k} = ${v}\n`).join('');
      const links = [['Source', a.generatorURL], ['Silence', a.silenceURL], ['Dashboard', a.dashboardURL], ['Panel', a.panelURL]]
        .filter(([, url]) => url)
        .map(([name, url]) => `${name}: ${url}\n`)
        .join('');
      return `\nValue: ${values}\nLabels:\n${pairs(sortedPairs(a.labels))}Annotations:\n${pairs(sortedPairs(a.annotations))}${links}`;
    })
    .join('');
}

/** "default.message": the firing alerts, then the resolved ones. */
export function grafanaMessage(alerts: readonly TemplateAlert[]): string {
  const firing = alerts.filter((a) => a.status === 'firing');
  const resolved = alerts.filter((a) => a.status !== 'firing');
  let text = '';
  if (firing.length > 0) text += `**Firing**\n${alertList(firing)}${resolved.length > 0 ? '\n\n' : ''}`;
  if (resolved.length > 0) text += `**Resolved**\n${alertList(resolved)}`;
  return text;
}
