import * as vscode from 'vscode';

/** A command is a small class with an id and execute (as in VS Code's markdown extension). */
export interface Command {
  readonly id: string;
  execute(...args: unknown[]): unknown;
}

/** Registers the commands of the list (src/extension/commands.ts); disposing unregisters them. */
export class CommandManager implements vscode.Disposable {
  private readonly registered = new Map<string, vscode.Disposable>();

  constructor(commands: readonly Command[] = []) {
    commands.forEach((c) => this.register(c));
  }

  register<T extends Command>(command: T): T {
    if (!this.registered.has(command.id)) {
      this.registered.set(command.id, vscode.commands.registerCommand(command.id, command.execute, command));
    }
    return command;
  }

  dispose(): void {
    for (const d of this.registered.values()) d.dispose();
    this.registered.clear();
  }
}
