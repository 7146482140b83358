/**
 * Usage errors that point at the one thing to fix. Commander's `showHelpAfterError` prints the
 * whole help after every mistake; this prints the line of the option or argument the error is
 * about (and the command's usage line), a "did you mean" for a mistyped choice, and where the rest
 * of the help is. Subcommands made with `.command()` are this class too (createCommand).
 */
import { Command, type Argument, type Option } from 'commander';
import { didYouMean } from '../util/did-you-mean.js';

type ErrorOptions = Parameters<Command['error']>[1];

export class UsageCommand extends Command {
  override createCommand(name?: string): Command {
    return new UsageCommand(name);
  }

  override error(message: string, errorOptions?: ErrorOptions): never {
    const code = errorOptions?.code ?? '';
    // help and version exit through here too: leave them alone.
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return super.error(message, errorOptions);
    return super.error(message + usageHint(this, message), errorOptions);
  }
}

/** The lines to print under a usage error `message` raised by `cmd` (starts with a newline, or ''). */
export function usageHint(cmd: Command, message: string): string {
  const help = cmd.createHelp();
  const lines: string[] = [];
  let extra = '';
  const opt = optionIn(cmd, message);
  const arg = opt ? undefined : argumentIn(cmd, message);
  const bad = /(?:argument|value) '([^']*)' is invalid/.exec(message)?.[1];
  const choices = opt?.argChoices ?? arg?.argChoices;
  if (bad !== undefined && choices) extra = didYouMean(bad, choices);
  if (extra) lines.push(extra.replace(/^d/, 'D'));
  lines.push(`usage: ${commandPath(cmd)} ${cmd.usage()}`);
  if (opt) lines.push(`  ${help.optionTerm(opt)}  ${help.optionDescription(opt)}`);
  if (arg) lines.push(`  ${help.argumentTerm(arg)}  ${help.argumentDescription(arg)}`);
  lines.push(`(${commandPath(cmd)} --help lists everything)`);
  return `\n${lines.join('\n')}`;
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The option a commander message names (`option '--strategy <strategy>'`, `'--n'`). */
function optionIn(cmd: Command, message: string): Option | undefined {
  const quoted = [...message.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
  for (const q of quoted) {
    const o = cmd.options.find((x) => x.flags === q || (x.long !== undefined && q.split(/[ ,]/).includes(x.long)) || (x.short !== undefined && q === x.short));
    if (o) return o;
  }
  return undefined;
}

/** The positional argument a message names (`missing required argument 'task'`). */
function argumentIn(cmd: Command, message: string): Argument | undefined {
  const m = /argument '([^']+)'/.exec(message);
  if (!m) return undefined;
  return cmd.registeredArguments.find((a) => a.name() === m[1]);
}
