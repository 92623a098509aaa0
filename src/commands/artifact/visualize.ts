import { artifactVersionFlag } from '../../cli/artifact-flags.js';
import { Args, Flags } from '../../vendor/oclif.js';
import type { VisualizeResult } from '../../cli/artifact-visualization.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class ArtifactVisualize extends ZenCommand<typeof ArtifactVisualize> {
  static outputIsFile = true;
  static summary = 'Show or save a visualization of an artifact version: a table as CSV, numbers as Markdown, a chart as SVG, ...';
  static description = [
    'Materializers attach visualizations to the versions they write (see `zenml artifact inspect`); --index picks one (0 = the first).',
    'With --output FILE the file is written there as stored (PNG or SVG for images). Without it, text, Markdown, CSV and JSON are printed;',
    'HTML and images are written to a temp file whose path is printed, to open in a browser.',
    'With --json: {"type", "file"} when a file was written, {"type", "value"} when the text was printed.',
  ].join('\n');
  static examples = [
    '<%= config.bin %> artifact visualize demo::scores::output',
    '<%= config.bin %> artifact visualize demo::scores::output --version 2 --index 1 --output chart.svg',
    '<%= config.bin %> artifact visualize demo::table::output --index 1 > table.csv',
  ];
  static args = { name: Args.string({ description: 'Artifact name, or an artifact version id.', required: true }) };
  static flags = {
    version: artifactVersionFlag,
    index: Flags.integer({ char: 'i', summary: 'Which visualization, from 0 (the order `artifact inspect --json` lists them in).', default: 0, min: 0 }),
    output: Flags.string({ char: 'o', summary: 'Write the visualization to this file.' }),
  };

  async run(): Promise<VisualizeResult> {
    const { visualizeArtifact } = await import('../../cli/artifact-visualization.js');
    const result = await visualizeArtifact(await this.client(), { nameOrId: this.args.name, version: this.flags.version, index: this.flags.index, output: this.flags.output });
    if (result.file !== undefined) this.log(result.file);
    else this.log(result.value!.replace(/\n$/, ''));
    return result;
  }
}
