import { Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';
import { outputFlags } from '../../cli/flags.js';
import { formatBytes } from '../../cli/formats.js';
import type { PruneReport } from '../../sdk/artifact-lifecycle.js';

export default class ArtifactPrune extends ZenCommand<typeof ArtifactPrune> {
  static summary = 'Delete artifact versions that no run, model version or tag still needs (a dry run unless -y).';
  static description =
    'Lists the unused versions, per artifact, with the bytes their files take; -y deletes them (the records and the files in the artifact store) and artifacts left without versions. Files registered with registerArtifact() are never deleted.';
  static examples = ['<%= config.bin %> artifact prune', '<%= config.bin %> artifact prune -y', '<%= config.bin %> artifact prune --only-metadata -y'];
  static flags = {
    ...outputFlags,
    'only-artifact': Flags.boolean({ summary: 'Delete only the files in the artifact store; keep the records.', default: false, exclusive: ['only-metadata'] }),
    'only-metadata': Flags.boolean({ summary: 'Delete only the records; keep the files.', default: false, exclusive: ['only-artifact'] }),
    yes: Flags.boolean({ char: 'y', summary: 'Delete them (without it, only shows what would go).', default: false }),
  };

  async run(): Promise<PruneReport> {
    const client = await this.client();
    const report = await client.pruneArtifacts({ onlyArtifact: this.flags['only-artifact'], onlyMetadata: this.flags['only-metadata'], dryRun: !this.flags.yes });
    if (this.jsonEnabled() || this.format === 'json' || this.format === 'yaml') return this.printEntity(report);
    if (report.versions.length === 0) {
      this.log('No unused artifact versions.');
      return report;
    }
    for (const version of report.versions) {
      const files = version.ownsFiles ? formatBytes(version.bytes) : 'files kept (not owned)';
      this.log(`${version.artifact} version ${version.version} (${version.id.slice(0, 8)}): ${files}`);
    }
    const what = `${report.versions.length} version(s), ${formatBytes(report.bytes)}`;
    if (report.dryRun) this.log(`Would delete ${what}. Run again with -y to delete them.`);
    else this.log(`Deleted ${what}${report.artifactsDeleted > 0 ? `, and ${report.artifactsDeleted} artifact(s) left without versions` : ''}.`);
    return report;
  }
}
