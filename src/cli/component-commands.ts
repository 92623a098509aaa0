import { Args, Flags, type Command } from '../vendor/oclif.js';
import { COMPONENT_TYPES } from '../sdk/component-types.js';
import type { StackComponentModel } from '../core/entities.js';
import type { Client, ComponentType, FlavorDescriptor, SecretValidationMode } from '../sdk/client.js';
import { UsageError } from '../core/errors.js';
import { splitConfigArgv, schemaKey, type KnownFlag } from './config-argv.js';
import { DeleteCommand, DescribeCommand, ListCommand, pageOf, type DeleteTarget, type ListRequest } from './entity-commands.js';
import { filterFlags } from './flags.js';
import { outputFlag } from './flags.js';
import { renderTable, renderRecord } from './output.js';
import { ZenCommand } from './zen-command.js';
import { secretValidationFlag } from './secret-command.js';

/** The actions of every component topic: one command per component type and action. */
export const COMPONENT_ACTIONS = ['register', 'update', 'remove-attribute', 'rename', 'copy', 'delete', 'list', 'describe', 'flavor list', 'flavor describe'] as const;
export type ComponentAction = (typeof COMPONENT_ACTIONS)[number];

/** `artifact_store` → `artifact-store` (the CLI topic) and `artifact store` (prose). */
const topicOf = (type: ComponentType) => type.replace(/_/g, '-');
const labelOf = (type: ComponentType) => type.replace(/_/g, ' ');
/** The label with its indefinite article: `an orchestrator`, `a container registry`. */
const aLabelOf = (type: ComponentType) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${labelOf(type)}`;

/**
 * Every component command, by oclif id (`orchestrator:list`, `artifact-store:flavor:describe`):
 * the build (scripts/generate-component-commands.mjs) writes one `dist/commands/<id>.js` for each,
 * `export default componentCommand(type, action)`, so oclif still loads only the command it runs.
 */
export function componentCommandIds(): Array<{ id: string; type: ComponentType; action: ComponentAction }> {
  return COMPONENT_TYPES.flatMap((type) => COMPONENT_ACTIONS.map((action) => ({ id: `${topicOf(type)}:${action.replace(/ /g, ':')}`, type, action })));
}

/** The JSON of one component as list/describe/register print it. */
export interface ComponentView extends StackComponentModel {
  /** Part of the active stack. */
  active: boolean;
  /** Stacks that use it. */
  stacks: string[];
}

async function view(client: Client, component: StackComponentModel): Promise<ComponentView> {
  const active = await client.getActiveStack().catch(() => undefined);
  const stacks = await client.listStacks({ componentId: component.id });
  return { ...component, active: Boolean(active && active.components[component.type] === component.id), stacks: stacks.items.map((stack) => stack.name) };
}

/** Flags oclif parses itself; everything else on a register/update line is config. */
const CONFIG_COMMAND_FLAGS: KnownFlag[] = [
  { name: 'flavor', char: 'f', takesValue: true },
  { name: 'secret-validation', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'help', char: 'h', takesValue: false },
];

function secretValidationOf(flags: unknown): SecretValidationMode {
  return ((flags as { 'secret-validation'?: SecretValidationMode })['secret-validation'] ?? 'strict');
}

/** Config given as `--key=value` flags, keyed by the flavor's schema property names. */
function configFromArgv(argv: string[], flavor: FlavorDescriptor | undefined): { positional: string[]; config: Record<string, unknown> } {
  const { positional, config } = splitConfigArgv(argv, CONFIG_COMMAND_FLAGS);
  const properties = Object.keys((flavor?.configSchema as { properties?: object } | undefined)?.properties ?? {});
  return { positional, config: Object.fromEntries(Object.entries(config).map(([key, value]) => [schemaKey(key, properties), value])) };
}

/**
 * Builds the command class for one action on one component type, so every component
 * topic (`zenml orchestrator ...`, `zenml artifact-store ...`) shares one implementation.
 * The build generates one command file per type and action (see componentCommandIds).
 */
export function componentCommand(type: ComponentType, action: ComponentAction): typeof Command {
  const topic = topicOf(type);
  const label = labelOf(type);
  const aLabel = aLabelOf(type);
  switch (action) {
    case 'register':
      return class RegisterComponent extends ZenCommand<typeof Command> {
        static summary = `Register ${aLabel}.`;
        static description = `Extra --key=value flags become the component's config and are validated against the flavor's schema. A value {{secret.key}} references a secret, resolved only at run time. On a terminal, a missing flavor or required key is asked for.`;
        static examples = [`<%= config.bin %> ${topic} register my_${type} --flavor <flavor> [--key=value ...]`];
        static strict = false;
        static '--' = false;
        static args = { name: Args.string({ description: `Name of the ${label}.` }) };
        static flags = { flavor: Flags.string({ char: 'f', summary: 'Flavor (see `flavor list`).' }), 'secret-validation': secretValidationFlag };

        async run(): Promise<ComponentView> {
          const client = await this.client();
          const { promptOrFail } = await import('./prompts.js');
          const flavorName =
            (this.flags as { flavor?: string }).flavor ??
            (await promptOrFail('flavor', `Flavor of the ${label}`, this.interactive, localFirst((await client.listFlavors(type)).map((f) => f.name))));
          const flavor = await client.getFlavor(type, flavorName);
          const { positional, config } = configFromArgv(this.argv, flavor);
          if (positional.length > 1) throw new UsageError(`Unexpected argument '${positional[1]}'.`, 'Config values are passed as --key=value.');
          const name = positional[0] ?? (this.interactive ? await promptOrFail('name', `Name of the ${label}`, true) : undefined);
          if (!name) throw new UsageError(`Missing the ${label} name.`, `Usage: zenml ${topic} register <name> --flavor ${flavor.name} [--key=value ...].`);
          if (this.interactive) await promptRequiredKeys(flavor, config);
          const component = await client.createStackComponent({ type, name, flavor: flavor.name, config }, { secretValidation: secretValidationOf(this.flags) });
          this.log(`Registered ${label} '${component.name}' (flavor ${component.flavor}).`);
          return view(client, component);
        }
      };
    case 'update':
      return class UpdateComponent extends ZenCommand<typeof Command> {
        static summary = `Set config keys of ${aLabel}.`;
        static examples = [`<%= config.bin %> ${topic} update my_${type} --key=value`];
        static strict = false;
        static '--' = false;
        static args = { name: Args.string({ description: `Name or id of the ${label}.`, required: true }) };
        static flags = { 'secret-validation': secretValidationFlag };

        async run(): Promise<ComponentView> {
          const client = await this.client();
          const name = splitConfigArgv(this.argv, CONFIG_COMMAND_FLAGS).positional[0] ?? (this.args as { name: string }).name;
          const existing = await client.getStackComponent(type, name);
          const flavor = await client.getFlavor(type, existing.flavor);
          const { positional, config } = configFromArgv(this.argv, flavor);
          if (positional.length > 1) throw new UsageError(`Unexpected argument '${positional[1]}'.`, 'Config values are passed as --key=value.');
          if (Object.keys(config).length === 0) throw new UsageError('Nothing to update.', `Pass config as --key=value (see \`zenml ${topic} flavor describe ${flavor.name}\`).`);
          const component = await client.updateStackComponent(type, existing.id, { config, secretValidation: secretValidationOf(this.flags) });
          if (this.format === 'table') this.log(`Updated ${label} '${component.name}'.`);
          // What `describe` prints.
          return this.printEntity(await view(client, component));
        }
      };
    case 'remove-attribute':
      return class RemoveAttribute extends ZenCommand<typeof Command> {
        static summary = `Remove config keys from ${aLabel}.`;
        static examples = [`<%= config.bin %> ${topic} remove-attribute my_${type} key1 key2`];
        static strict = false;
        static args = { name: Args.string({ description: `Name or id of the ${label}.`, required: true }) };

        async run(): Promise<ComponentView> {
          const keys = splitConfigArgv(this.argv, CONFIG_COMMAND_FLAGS).positional.slice(1);
          if (keys.length === 0) throw new UsageError('Name the attributes to remove.', `Usage: zenml ${topic} remove-attribute <name> <key> [<key> ...].`);
          const client = await this.client();
          const component = await client.updateStackComponent(type, (this.args as { name: string }).name, { removeAttributes: keys });
          this.log(`Removed ${keys.join(', ')} from ${label} '${component.name}'.`);
          return view(client, component);
        }
      };
    case 'rename':
    case 'copy':
      return class RenameOrCopy extends ZenCommand<typeof Command> {
        static summary = action === 'rename' ? `Rename ${aLabel}.` : `Copy ${aLabel} under a new name.`;
        static args = {
          name: Args.string({ description: `Name or id of the ${label}.`, required: true }),
          newName: Args.string({ description: 'The new name.', required: true }),
        };

        async run(): Promise<ComponentView> {
          const { name, newName } = this.args as { name: string; newName: string };
          const client = await this.client();
          const component = action === 'rename' ? await client.updateStackComponent(type, name, { name: newName }) : await client.copyStackComponent(type, name, newName);
          this.log(action === 'rename' ? `Renamed ${label} '${name}' to '${component.name}'.` : `Copied ${label} '${name}' to '${component.name}'.`);
          return view(client, component);
        }
      };
    case 'delete':
      return class DeleteComponent extends DeleteCommand<typeof Command> {
        static summary = `Delete ${aLabel} that no stack uses.`;
        static args = { name: Args.string({ description: `Name or id of the ${label}.`, required: true }) };

        protected async find(): Promise<DeleteTarget> {
          const component = await (await this.client()).checkStackComponentDeletable(type, (this.args as { name: string }).name);
          return { type: label, id: component.id, name: component.name };
        }

        protected async remove(target: DeleteTarget): Promise<void> {
          await (await this.client()).deleteStackComponent(type, target.id);
        }
      };
    case 'list':
      return class ListComponents extends ListCommand<typeof Command, ComponentView> {
        static summary = `List ${label}s (the active stack's is marked).`;
        static flags = { ...ListCommand.flags, ...filterFlags };
        protected readonly columns = [
          { header: 'active', get: (c: ComponentView) => (c.active ? '*' : '') },
          { header: 'name', get: (c: ComponentView) => c.name },
          { header: 'flavor', get: (c: ComponentView) => c.flavor },
          { header: 'stacks', get: (c: ComponentView) => c.stacks },
          { header: 'owner', get: (c: ComponentView) => c.owner },
          { header: 'id', get: (c: ComponentView) => c.id },
        ];

        protected async fetch(request: ListRequest) {
          const client = await this.client();
          const page = await client.listStackComponents(type, request);
          const items: ComponentView[] = [];
          for (const component of page.items) items.push(await view(client, component));
          return { ...page, items };
        }
      };
    case 'describe':
      return class DescribeComponent extends DescribeCommand<typeof Command, ComponentView> {
        static summary = `Show ${aLabel} (default: the active stack's).`;
        static args = { name: Args.string({ description: `Name or id of the ${label}.` }) };

        protected async fetch(): Promise<ComponentView> {
          const client = await this.client();
          let name = (this.args as { name?: string }).name;
          if (!name) {
            const stack = await client.getActiveStack();
            name = stack.components[type];
            if (!name) throw new UsageError(`The active stack '${stack.name}' has no ${label}.`, `Name one: zenml ${topic} describe <name>.`);
          }
          return view(client, await client.getStackComponent(type, name));
        }
      };
    case 'flavor list':
      return class ListFlavors extends ListCommand<typeof Command, FlavorView> {
        static summary = `List ${label} flavors and the plugins that provide them.`;
        protected readonly columns = [
          { header: 'flavor', get: (f: FlavorView) => f.name },
          { header: 'plugin', get: (f: FlavorView) => f.plugin },
          { header: 'description', get: (f: FlavorView) => f.description },
        ];

        protected async fetch(request: { page: number; size: number }) {
          const { loadFlavors } = await import('../sdk/flavors.js');
          const registry = await loadFlavors();
          for (const problem of registry.problems) process.stderr.write(`Warning: plugin ${problem.plugin} is broken: ${problem.message}\n`);
          return pageOf(registry.list(type).map(flavorView), request);
        }
      };
    case 'flavor describe':
      return class DescribeFlavor extends DescribeCommand<typeof Command, FlavorDetails> {
        static summary = `Show ${aLabel} flavor and its config keys.`;
        static args = { name: Args.string({ description: 'Flavor name.', required: true }) };

        protected async fetch(): Promise<FlavorDetails> {
          const flavor = await (await this.client()).getFlavor(type, (this.args as { name: string }).name);
          const { flavorConfigKeys } = await import('../sdk/flavors.js');
          return { ...flavorView(flavor), configSchema: flavor.configSchema, keys: await flavorConfigKeys(flavor) };
        }

        protected async renderTableView(details: FlavorDetails): Promise<string> {
          const { keys, configSchema: _schema, ...about } = details;
          const head = await renderRecord(about as Record<string, unknown>, this.color);
          if (keys.length === 0) return `${head}\nThis flavor takes no config.`;
          return `${head}\n${await renderTable(keys, [
            { header: 'key', get: (k) => k.key },
            { header: 'type', get: (k) => k.type },
            { header: 'default', get: (k) => (k.default === undefined ? '' : JSON.stringify(k.default)) },
            { header: 'required', get: (k) => k.required },
            { header: 'description', get: (k) => k.description },
          ], this.color)}`;
        }
      };
  }
}

interface FlavorView {
  name: string;
  type: string;
  description: string;
  plugin?: string;
  docsUrl?: string;
}

interface FlavorDetails extends FlavorView {
  configSchema: Record<string, unknown>;
  keys: Array<{ key: string; type: string; default?: unknown; required: boolean; description?: string }>;
}

const flavorView = (flavor: FlavorDescriptor): FlavorView => ({ name: flavor.name, type: flavor.type, description: flavor.description, plugin: flavor.plugin, docsUrl: flavor.docsUrl });

/** On a terminal, asks for each required key the flags did not give. */
async function promptRequiredKeys(flavor: FlavorDescriptor, config: Record<string, unknown>): Promise<void> {
  const { flavorConfigKeys } = await import('../sdk/flavors.js');
  const missing = (await flavorConfigKeys(flavor)).filter((key) => key.required && !(key.key in config));
  if (missing.length === 0) return;
  const { input } = await import('@inquirer/prompts');
  for (const key of missing) config[key.key] = await input({ message: `${key.key}${key.description ? ` (${key.description})` : ''}`, required: true });
}

/** The built-in `local` flavor leads the choices (Enter picks it), as it is the one that needs nothing else running. */
function localFirst(names: string[]): string[] {
  return names.includes('local') ? ['local', ...names.filter((name) => name !== 'local')] : names;
}
