// The scheme ids, for the help of `whk sign` and `whk verify` and for completion: written out so
// neither loads a scheme (test/unit/signing-schemes.test.ts checks it is the registry's list, in its
// order), in a module of their own so the command list needs no option table.
export const SCHEME_NAMES = [
  'standard-webhooks', 'svix', 'stripe', 'github', 'slack', 'shopify', 'twilio', 'pagerduty', 'sentry',
  'grafana', 'grafana-incident', 'metaplane', 'gitlab', 'bitbucket', 'jira', 'travis', 'hmac',
] as const;
