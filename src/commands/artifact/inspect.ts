import { artifactVersionFlag } from '../../cli/artifact-flags.js';
import { Args, Flags } from '../../vendor/oclif.js';
import type { ArtifactDetails } from '../../cli/artifact-details.js';
import { DescribeCommand } from '../../cli/entity-commands.js';

export default class ArtifactInspect extends DescribeCommand<typeof ArtifactInspect, ArtifactDetails> {
  static summary = 'Show an artifact version: materializer, type, size, URI, producer, metadata and a preview.';
  static description = [
    'Without --version, the latest version of the named artifact (a version id works too).',
    'With --load the value itself is printed as JSON (Map as entries, typed arrays as arrays of at most 1000 items, bigint as string); with --json or -o json|yaml it is the `value` field.',
  ].join('\n');
  static examples = [
    '<%= config.bin %> artifact inspect demo::mean::output',
    '<%= config.bin %> artifact inspect demo::mean::output --version 2 --load',
  ];
  static args = { name: Args.string({ description: 'Artifact name, or an artifact version id.', required: true }) };
  static flags = {
    ...DescribeCommand.flags,
    version: artifactVersionFlag,
    load: Flags.boolean({ summary: 'Load the value and print it as JSON.', default: false }),
  };

  protected async fetch(): Promise<ArtifactDetails> {
    const { artifactDetails } = await import('../../cli/artifact-details.js');
    const client = await this.client();
    const details = await artifactDetails(client, this.args.name, this.flags.version);
    if (this.flags.load) {
      const { toJsonView } = await import('../../cli/json-value.js');
      const view = toJsonView(await client.getArtifactVersion(details.id).then((version) => version.load()));
      details.value = view.value;
      if (view.notes.length > 0) details.valueNotes = view.notes;
    }
    return details;
  }

  async run(): Promise<ArtifactDetails> {
    if (!this.flags.load || this.format !== 'table') return super.run();
    // `--load` on its own prints just the value, so it can be piped into jq.
    const details = await this.fetch();
    for (const note of details.valueNotes ?? []) this.logToStderr(`Note: ${note}.`);
    this.log(JSON.stringify(details.value, null, 2));
    return details;
  }

  protected async renderTableView(details: ArtifactDetails): Promise<string> {
    const { renderArtifactVersion } = await import('../../cli/entity-views.js');
    return renderArtifactVersion(details, this.color);
  }
}
