// The four integration types of the Harness AI SRE webhook page and the mapped fields each needs
// filled before an alert, incident, build or deployment can be processed. Data, read by `whk kinds`
// and by the mapping (a mapping that leaves one of them empty fails).
import type { FieldType } from '../mapping/spec.js';
import type { IntegrationType } from './types.js';

export interface RequiredMappedField {
  name: string;
  description: string;
  type: FieldType;
}

export interface IntegrationTypeSpec {
  id: IntegrationType;
  /** What the page says the type is for. */
  description: string;
  /** The mapped fields a mapping of this type must fill. */
  required: readonly RequiredMappedField[];
  /** Where the required list comes from: a documented source, or whk's choice where the page lists none. */
  source: string;
  /** True when `required` is whk's choice rather than documented. */
  whkChoice: boolean;
}

const title = (what: string): RequiredMappedField => ({ name: 'title', description: `the ${what}'s one-line title`, type: 'string' });
const status = (what: string): RequiredMappedField => ({ name: 'status', description: `the ${what}'s state (firing, resolved, success, failed...)`, type: 'string' });
const service: RequiredMappedField = { name: 'service', description: 'the service it concerns', type: 'string' };

export const INTEGRATION_TYPES: Readonly<Record<IntegrationType, IntegrationTypeSpec>> = {
  alert: {
    id: 'alert',
    description: 'monitoring, alerting and notification systems',
    required: [title('alert'), status('alert')],
    source: "whk's choice: the webhook-integration page lists no required alert fields; an alert cannot be shown without a title nor routed or resolved without a status",
    whkChoice: true,
  },
  incident: {
    id: 'incident',
    description: 'bidirectional incident management with ticketing systems (Jira, ServiceNow)',
    required: [title('incident'), { name: 'severity', description: "the incident's severity or priority", type: 'string' }, status('incident'), service],
    source: 'Harness AI SRE "Configure Incident Fields" (developer.harness.io/docs/ai-sre/incidents/incident-fields): title, severity, status and service are required: true',
    whkChoice: false,
  },
  build: {
    id: 'build',
    description: 'CI build notifications (Harness Build)',
    required: [title('build'), status('build')],
    source: "whk's choice: the page names no build fields; a build is told apart by its pipeline and its outcome (a link is not required: a failed trigger has no execution to link to)",
    whkChoice: true,
  },
  deployment: {
    id: 'deployment',
    description: 'deployment events (Harness Deployment)',
    required: [title('deployment'), status('deployment'), service],
    source: "whk's choice: the page names no deployment fields; a change event is of use to an incident only when it names what was deployed",
    whkChoice: true,
  },
};

export const INTEGRATION_TYPE_IDS = Object.keys(INTEGRATION_TYPES) as IntegrationType[];
