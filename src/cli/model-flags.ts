import { Args, Flags } from '../vendor/oclif.js';
import type { ModelCard } from '../core/model-entities.js';

/** The model card, as flags of `model register` and `model update`. */
export const modelCardFlags = {
  description: Flags.string({ char: 'd', summary: 'What the model does.' }),
  license: Flags.string({ char: 'l', summary: 'License of the model.' }),
  audience: Flags.string({ summary: 'Who the model is for.' }),
  'use-cases': Flags.string({ summary: 'What the model may be used for.' }),
  limitations: Flags.string({ summary: 'Known limitations.' }),
  'trade-offs': Flags.string({ summary: 'Trade-offs made.' }),
  ethics: Flags.string({ summary: 'Ethical considerations.' }),
};

export function cardFromFlags(flags: Partial<Record<keyof typeof modelCardFlags, string>>): ModelCard {
  return {
    description: flags.description,
    license: flags.license,
    audience: flags.audience,
    useCases: flags['use-cases'],
    limitations: flags.limitations,
    tradeOffs: flags['trade-offs'],
    ethics: flags.ethics,
  };
}

export const modelArg = Args.string({ description: 'Model name or id.', required: true });

/** `<model> <version>` of every `model version` command. */
export const modelVersionArgs = {
  model: modelArg,
  version: Args.string({ description: 'Version number, name, stage (staging, production, archived), latest, or id.', required: true }),
};
