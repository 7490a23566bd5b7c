// Secrets typed or piped into the `hall` command, never taken from its arguments: an argument lands in
// the shell's history and in every `ps` listing on the PC. From a terminal: a prompt that does not echo.
// From a pipe or a file: the first line.
import { readFileSync } from 'node:fs';

export const ARGV_SECRET_REFUSED =
  'secrets are not taken on the command line (they would stay in the shell history and show in ps): type it at the prompt, pipe it on stdin, or give a file';

/** All of a stream, as text. */
async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  input.setEncoding('utf8');
  for await (const chunk of input) text += chunk as string;
  return text;
}

/** The first line of a text, without its line end. */
function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? '';
}

/** A prompt on a terminal that shows nothing of what is typed. */
function promptHidden(prompt: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(prompt);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let secret = '';
    const finish = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(secret);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') secret = secret.slice(0, -1);
        else if (ch >= ' ') secret += ch;
      }
    };
    input.on('data', onData);
  });
}

/** A secret from the terminal (hidden prompt) or, when stdin is a pipe or a file, its first line. */
export async function readSecret(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (input.isTTY) return promptHidden(prompt, input, output);
  return firstLine(await readAll(input));
}

/** A secret kept in a file (the first line); "-" reads stdin. */
export async function readSecretFile(path: string, input: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (path === '-') return firstLine(await readAll(input));
  return firstLine(readFileSync(path, 'utf8'));
}
