// Harness CI pipeline webhook notifications (the Harness AI SRE "Harness Build" template): the same
// envelope as CD's, without CD module info, the URLs under the ci module.
import { definePipelineKind } from './harness-pipeline.js';

export const harnessBuild = definePipelineKind({
  id: 'harness-build',
  title: 'Harness CI pipeline webhook notification',
  template: 'Harness Build',
  integrationType: 'build',
  follows:
    'Harness docs "Add a pipeline notification strategy" (the shared pipeline notification envelope; its samples are CD ones) and the harness-core notification code, whose ModuleInfo reads only CD module info, so CI notifications carry none',
  flavour: {
    module: 'ci',
    pipelines: [
      { id: 'build_checkout', name: 'Build checkout', stages: ['Build and test', 'Push image'] },
      { id: 'ci_search', name: 'search-api CI', stages: ['Lint', 'Unit tests', 'Build image'] },
    ],
    failures: ['Run step unit_tests failed with exit code 1.', 'Build and Push to Docker Registry failed: unauthorized.', 'Cache restore timed out.'],
  },
  doubts: [
    'No CI notification sample is published: the body is the CD samples\' envelope with ci in the URLs (an inference) and no moduleInfo (the code fills it only from CD data; whether it then comes absent, null or {} is unknown, all are accepted, samples omit it).',
    'A notification is told to be CI only by the ci module segment of its URLs; branch, commit or build number are not in the default body.',
  ],
});
