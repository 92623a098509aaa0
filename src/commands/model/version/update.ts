import { Flags } from '../../../vendor/oclif.js';
import { outputFlag } from '../../../cli/flags.js';
import { modelVersionArgs } from '../../../cli/model-flags.js';
import { requireSomeChange, tagChange, tagFlags } from '../../../cli/tag-flags.js';
import { ZenCommand } from '../../../cli/zen-command.js';
import type { ModelStage } from '../../../core/model-entities.js';

export default class ModelVersionUpdate extends ZenCommand<typeof ModelVersionUpdate> {
  static summary = 'Move a model version to a stage, rename it, describe it, or add and remove its tags.';
  static description = 'Staging and production hold one version each: promoting onto an occupied one fails unless --force, which moves the current holder to archived.';
  static examples = [
    '<%= config.bin %> model version update iris_classifier 3 --stage production',
    '<%= config.bin %> model version update iris_classifier 4 --stage production --force',
    '<%= config.bin %> model version update iris_classifier latest --name v4 -t candidate',
  ];
  static args = modelVersionArgs;
  static flags = {
    output: outputFlag,
    stage: Flags.string({ char: 's', summary: 'New stage: none, staging, production or archived.' }),
    force: Flags.boolean({ char: 'f', summary: 'Promote even if another version holds the stage (it is archived).', default: false }),
    name: Flags.string({ char: 'n', summary: 'New version name (not a number or a stage name).' }),
    description: Flags.string({ char: 'd', summary: 'New description.' }),
    ...tagFlags,
  };

  async run() {
    const { add, remove } = tagChange(this.flags);
    const update = { stage: this.flags.stage as ModelStage | undefined, name: this.flags.name, description: this.flags.description, addTags: add, removeTags: remove };
    requireSomeChange(update, '--stage, --name, --description, --tag or --remove-tag');
    const [client, { checkStage }] = await Promise.all([this.client(), import('../../../core/model-names.js')]);
    if (update.stage) checkStage(update.stage);
    const version = await client.getModelVersion(this.args.model, this.args.version);
    const updated = await client.updateModelVersion(this.args.model, version.id, { ...update, force: this.flags.force });
    if (this.format === 'table' && update.stage && update.stage !== version.stage) this.log(`Model '${updated.modelName}' version ${updated.number} is now in ${updated.stage}.`);
    const [{ modelVersionDetails }, { renderModelVersion }] = await Promise.all([import('../../../cli/model-details.js'), import('../../../cli/entity-views.js')]);
    return this.printEntity(await modelVersionDetails(client, updated.modelId, updated.id), (details) => renderModelVersion(details, this.color));
  }
}
