import * as readline from 'readline';

/** Whether a person is there to answer: questions are asked on the terminal (stderr), never in a pipe. */
export const atTerminal = (): boolean => !!process.stdin.isTTY && !!process.stderr.isTTY;

const YES_NO = /^(y|yes|n|no|j|ja|nein)$/i;

/**
 * Reads the answer to a runbook question at the terminal: yes or no on one line, or pasted
 * text ended by an empty line or Ctrl-D. An empty first line (or Ctrl-D at once) is no answer.
 */
export function readAnswer(prompt: string): Promise<string | undefined> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const lines: string[] = [];
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      rl.close();
      resolve(lines.length ? lines.join('\n') : undefined);
    };
    rl.on('line', (line) => {
      if (!lines.length && YES_NO.test(line.trim())) {
        lines.push(line.trim());
        return finish();
      }
      if (!line.trim()) return finish();
      lines.push(line);
      rl.setPrompt('… ');
      rl.prompt();
    });
    // Ctrl-D ends the text where the cursor is: the next output starts on a line of its own.
    rl.on('close', () => {
      if (!done) process.stderr.write('\n');
      finish();
    });
    rl.setPrompt(prompt);
    rl.prompt();
  });
}
