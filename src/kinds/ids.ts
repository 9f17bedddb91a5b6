// The kind ids, without their schemas: cheap enough for `whk --help` and flag checks.
export const KIND_IDS = ['metric-alert', 'impressions', 'metaplane-incident', 'hertzbeat-alarm'] as const;
export type KindId = (typeof KIND_IDS)[number];
