// Harness CD pipeline webhook notifications (the Harness AI SRE "Harness Deployment" template).
import { definePipelineKind } from './harness-pipeline.js';

export const harnessDeployment = definePipelineKind({
  id: 'harness-deployment',
  title: 'Harness CD pipeline webhook notification',
  template: 'Harness Deployment',
  integrationType: 'deployment',
  follows:
    'Harness docs "Add a pipeline notification strategy" (harness/developer-hub notify-users-of-pipeline-events.md: Webhook Notifications and its eight JSON samples, all CD) and the harness-core notification code (ModuleInfo, PipelineNotificationUtils, WebhookSenderImpl) as mirrored in public forks',
  flavour: {
    module: 'cd',
    pipelines: [
      { id: 'deploy_checkout', name: 'Deploy checkout', stages: ['Deploy to staging', 'Approval', 'Deploy to prod'] },
      { id: 'rollout_search', name: 'Rollout search-api', stages: ['Canary', 'Rolling deploy'] },
    ],
    failures: ['Shell Script execution failed. Please check execution logs.', 'Kubernetes rollout status timed out after 10m.', 'Approval rejected by Jonas Becker.'],
    moduleInfo: (random) => ({
      services: [random.pick(['checkout', 'search_api', 'orders_worker'])],
      environments: [random.pick(['staging', 'prod'])],
      envGroups: [],
      infrastructures: [random.pick(['k8s_eu_west_1', 'k8s_us_east_1'])],
    }),
  },
  doubts: [
    'The published samples come from a pipeline with no CD data (moduleInfo {} on pipeline events and Stage Start, none on Stage Success and Stage Failed); samples fill services, environments and infrastructures as harness-core does for a CD execution, envGroups at the pipeline level only (newer code also adds a stage\'s artifactInfo, not modelled).',
    'A notification is told to be CD (not CI) by moduleInfo carrying CD data, or by the cd module segment of its URLs; one with neither is taken as CD.',
  ],
});
