import { Flags } from '../vendor/oclif.js';
import { ZenCommand } from '../cli/zen-command.js';

export default class StepEntrypoint extends ZenCommand<typeof StepEntrypoint> {
  static hidden = true;
  static summary = 'Run one step of a stored run (what out-of-process orchestrators execute).';
  static flags = {
    snapshot: Flags.string({ summary: 'Snapshot id.', required: true }),
    step: Flags.string({ summary: 'Invocation id of the step.', required: true }),
    run: Flags.string({ summary: 'Run id.', required: true }),
  };

  async run() {
    const outcome = await (await this.client()).runStepEntrypoint({ snapshotId: this.flags.snapshot, stepId: this.flags.step, runId: this.flags.run });
    if (outcome.status === 'failed') {
      process.exitCode = 1;
      if (!this.jsonEnabled()) this.logToStderr(`Error: step '${this.flags.step}' failed: ${outcome.error ?? 'unknown error'}`);
    } else if (!this.jsonEnabled()) this.log(`Step '${this.flags.step}' ${outcome.status}.`);
    return { step: this.flags.step, status: outcome.status, error: outcome.error, stepRunId: outcome.stepRun.id };
  }
}
