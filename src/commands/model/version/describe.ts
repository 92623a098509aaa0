import { shortTime } from '../../../cli/columns.js';
import { DescribeCommand } from '../../../cli/entity-commands.js';
import type { ModelVersionDetails } from '../../../cli/model-details.js';
import { modelVersionArgs } from '../../../cli/model-flags.js';
import { cell, renderRecord, renderTable } from '../../../cli/output.js';

export default class ModelVersionDescribe extends DescribeCommand<typeof ModelVersionDescribe, ModelVersionDetails> {
  static summary = 'Show a model version: stage (and who moved it there), tags, metadata, linked artifacts and runs.';
  static examples = ['<%= config.bin %> model version describe iris_classifier production', '<%= config.bin %> model version describe iris_classifier 3 --json'];
  static args = modelVersionArgs;
  static flags = { ...DescribeCommand.flags };

  protected async fetch(): Promise<ModelVersionDetails> {
    const { modelVersionDetails } = await import('../../../cli/model-details.js');
    return modelVersionDetails(await this.client(), this.args.model, this.args.version);
  }

  protected async renderTableView(details: ModelVersionDetails): Promise<string> {
    const summary = {
      model: details.modelName,
      number: details.number,
      name: details.name,
      id: details.id,
      description: details.description,
      stage: details.stage,
      'stage set by': details.stageChangedBy,
      'stage set at': shortTime(details.stageChangedAt),
      tags: details.tags,
      'data artifacts': details.artifacts.data,
      'model artifacts': details.artifacts.model,
      'deployment artifacts': details.artifacts.deployment,
      runs: details.runs,
      created: shortTime(details.created),
    };
    const parts = [await renderRecord(summary, this.color)];
    const keys = Object.keys(details.metadata);
    parts.push(
      keys.length === 0
        ? 'Metadata: none'
        : `Metadata:\n${await renderTable(keys, [
            { header: 'key', get: (k) => k },
            { header: 'value', get: (k) => cell(details.metadata[k]) },
            { header: 'type', get: (k) => details.metadataTypes[k] },
          ], this.color)}`,
    );
    if (details.stageHistory.length > 0) {
      parts.push(`Stage history:\n${await renderTable(details.stageHistory, [
        { header: 'from', get: (h) => h.from },
        { header: 'to', get: (h) => h.to },
        { header: 'by', get: (h) => h.by },
        { header: 'at', get: (h) => shortTime(h.at) },
      ], this.color)}`);
    }
    return parts.join('\n');
  }
}
