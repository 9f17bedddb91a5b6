// Harness CI pipeline webhook notifications (the Harness AI SRE "Harness Build" template): the same
// envelope as CD's, without CD module info, the URLs under the ci module.
import { definePipelineKind } from './harness-pipeline.js';

export const harnessBuild = definePipelineKind({
  id: 'harness-build',
  title: 'Harness CI pipeline webhook notification',
  template: 'Harness Build',
  integrationType: 'build',
  follows:
    'Harness docs "Add a pipeline notification strategy" (the shared pipeline notification envelope; its samples are CD ones, of a pipeline with no CD data) and the harness-core notification code, whose ModuleInfo reads only CD module info, so a CI notification\'s moduleInfo has none',
  flavour: {
    module: 'ci',
    pipelines: [
      { id: 'build_checkout', name: 'Build checkout', stages: ['Build and test', 'Push image'] },
      { id: 'ci_search', name: 'search-api CI', stages: ['Lint', 'Unit tests', 'Build image'] },
    ],
    failures: ['Run step unit_tests failed with exit code 1.', 'Build and Push to Docker Registry failed: unauthorized.', 'Cache restore timed out.'],
  },
  doubts: [
    'No CI notification sample is published: the body is the CD samples\' envelope with ci in the URLs (an inference). The published samples come from a pipeline with no CD data, which a CI pipeline is: moduleInfo {} on pipeline events and Stage Start, none on Stage Success and Stage Failed, and samples do the same (harness-core fills moduleInfo only from CD data; an older ModuleInfo sent null for none, so absent, null and {} are all accepted).',
    'A notification is told to be CI only by the ci module segment of its URLs; branch, commit or build number are not in the default body.',
  ],
});
