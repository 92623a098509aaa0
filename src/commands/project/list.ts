import { ListCommand, type ListRequest } from '../../cli/entity-commands.js';
import { filterFlags } from '../../cli/flags.js';
import { projectColumns } from '../../cli/identity-rows.js';
import type { Column } from '../../cli/output.js';
import type { ProjectModel } from '../../core/identity-entities.js';

export default class ProjectList extends ListCommand<typeof ProjectList, ProjectModel> {
  static summary = 'List projects; the active one is marked.';
  static examples = ['<%= config.bin %> project list', '<%= config.bin %> project list --output json'];
  static flags = { ...ListCommand.flags, ...filterFlags };
  protected columns: Column<ProjectModel>[] = projectColumns();

  protected async fetch(request: ListRequest) {
    const client = await this.client();
    const active = await client.getActiveProject().catch(() => undefined);
    this.columns = projectColumns(active?.id);
    return client.listProjects(request);
  }
}
