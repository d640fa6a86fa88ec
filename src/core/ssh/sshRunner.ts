import * as fs from 'fs';
import { Client, utils, type ClientChannel, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { parsePidLine, wrapForGroupKill, wrapSudo } from '../wire/pidWrapper';
import type { Host } from '../hosts/types';
import { DEFAULT_COMMAND_TIMEOUT_S } from '../kb/commandTemplate';
import { addKnownHost, changedKeyWarning, checkHostKey, fingerprint, hostKeyAlgorithms, hostKeyFile, hostPattern, keyTypeOf } from './knownHosts';
import { mapLimit } from '../util/mapLimit';
import { HeadTail } from './outputCap';
import { PASSPHRASE_TRIES, RunError, SUDO_PASSWORD_HINT, sudoWantsPassword, type ErrorKind, type Prompts, type RunResult } from './types';

export interface RunnerOptions {
  /** Files checked for host keys, in order (e.g. ~/.ssh/known_hosts, Stacktales' own). */
  knownHostsFiles: string[];
  /** Where accepted keys are recorded. */
  knownHostsWriteFile: string;
  /** ssh-agent socket (SSH_AUTH_SOCK); undefined: no agent. */
  agent?: string;
  /** Identity files tried for every host after the host's own (CLI --identity). */
  identityFiles?: string[];
  prompts: Prompts;
  /** Longer than about 24.8 days (2^31-1 ms, what a timer can wait) is taken as that; 0, less or NaN is refused. */
  connectTimeoutMs?: number;
  /** As connectTimeoutMs. */
  commandTimeoutMs?: number;
  maxOutputBytes?: number;
  /** How many hosts at once in runAll (setting stacktales.ssh.parallel, CLI --parallel). */
  parallel?: number;
  /** Each command that is run, for the output channel (never with secrets: commands hold none). */
  log?: (line: string) => void;
}

export interface Job {
  host: Host;
  command: string;
  /** Run with sudo -n when the user is not root. */
  root?: boolean;
}

/**
 * The one SSH runner: used by the CLI, the extension and the runbooks. One connection per
 * host, reused for all its commands; host keys checked on every hop; every fault becomes
 * a RunResult for that host and never disturbs the others.
 */
export class SshRunner {
  private readonly pool = new Map<string, Promise<Client>>();
  private readonly sftps = new Map<Client, Promise<SFTPWrapper>>();
  private readonly keys = new Map<string, Promise<KeyFile>>();

  constructor(private readonly opts: RunnerOptions) {
    // A bad number is the caller's mistake: say so at once, not as a timeout on every host.
    if (opts.connectTimeoutMs !== undefined) timerMs(opts.connectTimeoutMs, 'connectTimeoutMs');
    if (opts.commandTimeoutMs !== undefined) timerMs(opts.commandTimeoutMs, 'commandTimeoutMs');
  }

  /** How many hosts at once (setting stacktales.ssh.parallel, CLI --parallel). */
  get parallel(): number {
    return this.opts.parallel ?? 16;
  }

  /** Seconds before a command is killed, in ms (setting stacktales.ssh.timeoutSeconds, CLI --timeout). */
  get commandTimeoutMs(): number {
    return timerMs(this.opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_S * 1000, 'commandTimeoutMs');
  }

  runAll(jobs: readonly Job[], signal?: AbortSignal): Promise<RunResult[]> {
    return mapLimit(jobs, this.parallel, (job) => this.run(job, signal));
  }

  async run(job: Job, signal?: AbortSignal): Promise<RunResult> {
    const started = Date.now();
    const command = job.root && job.host.user !== 'root' ? wrapSudo(job.command) : job.command;
    const base = { host: job.host.name, command, exitCode: null, signal: null, stdout: '', stderr: '', dropped: { stdout: 0, stderr: 0 } };
    this.opts.log?.(`${job.host.user}@${job.host.address}:${job.host.port} (${job.host.name}) $ ${command}`);
    try {
      if (signal?.aborted) throw new RunError('cancelled', 'cancelled before it started');
      const client = await this.client(job.host);
      const r = await this.exec(client, command, signal);
      const error = classifyExit(r.exitCode, r.stderr);
      return { ...base, ...r, durationMs: Date.now() - started, error };
    } catch (e) {
      const err = e instanceof RunError ? e : new RunError('error', (e as Error).message);
      // A command that timed out, was cancelled or lost its connection keeps what it printed so far.
      const partial = (e as { partial?: Partial<RunResult> }).partial ?? {};
      return { ...base, ...partial, durationMs: Date.now() - started, error: { kind: err.kind, message: err.message } };
    }
  }

  /** An SFTP session on the host's pooled connection (one per connection, opened on first use). */
  async sftp(host: Host): Promise<SFTPWrapper> {
    const client = await this.client(host);
    let p = this.sftps.get(client);
    if (!p) {
      p = new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(new RunError('error', `${host.name}: no SFTP subsystem: ${err.message}`)) : resolve(s))));
      this.sftps.set(client, p);
      client.once('close', () => this.sftps.delete(client));
    }
    return p;
  }

  /**
   * Streams a long-running command's stdout (tail -F, a remote scan) to onData until it ends,
   * the signal aborts, or the connection drops. `input` is written to its standard input,
   * which is then closed. Resolves with how it ended; the remote group is killed on abort.
   */
  async stream(host: Host, command: string, onData: (chunk: Buffer) => void, signal: AbortSignal, input?: string): Promise<{ ended: 'exit' | 'aborted' | 'dropped'; exitCode: number | null; stderr: string }> {
    const client = await this.client(host);
    return new Promise((resolve, reject) => {
      client.exec(wrapForGroupKill(command), (err, stream: ClientChannel) => {
        if (err) return reject(new RunError('dropped', `could not open a session: ${err.message}`));
        const pidLine = new PidLine();
        let stderr = '';
        let exitCode: number | null = null;
        let exited = false;
        let done = false;
        const deliver = (d: Buffer) => !done && onData(d);
        const finish = (ended: 'exit' | 'aborted' | 'dropped') => {
          if (done) return;
          done = true;
          stream.removeListener('data', deliver);
          signal.removeEventListener('abort', onAbort);
          client.removeListener('close', onClose);
          resolve({ ended, exitCode, stderr: stderr + pidLine.flush().toString('utf8') });
        };
        const onAbort = () => {
          killGroup(client, pidLine, () => stream.close());
          finish('aborted');
        };
        const onClose = () => finish(exited ? 'exit' : 'dropped');
        // A signal that fired while the session was opening never fires again.
        if (signal.aborted) setImmediate(onAbort);
        else signal.addEventListener('abort', onAbort, { once: true });
        client.once('close', onClose);
        stream.on('data', deliver);
        stream.stderr.on('data', (d: Buffer) => (stderr += pidLine.push(d).toString('utf8')));
        if (input !== undefined) stream.end(input);
        stream.on('exit', (code: number | null) => {
          exited = true;
          exitCode = code;
        });
        stream.on('close', () => finish(exited ? 'exit' : signal.aborted ? 'aborted' : 'dropped'));
      });
    });
  }

  /** Ends every pooled connection. */
  close(): void {
    for (const p of this.pool.values()) p.then((c) => c.end(), () => undefined);
    this.pool.clear();
  }

  private client(host: Host): Promise<Client> {
    const key = `${host.user}@${host.address}:${host.port}/${host.proxyJump.map((j) => j.name).join(',')}`;
    let p = this.pool.get(key);
    if (!p) {
      p = this.connect(host);
      this.pool.set(key, p);
      p.then(
        (c) => c.once('close', () => this.pool.get(key) === p && this.pool.delete(key)),
        () => this.pool.delete(key),
      );
    }
    return p;
  }

  /**
   * Connects through the jump hosts, each one verified: the target is reached from the last
   * hop, which is reached through the hops before it (or its own ProxyJump when it is alone).
   */
  private async connect(host: Host): Promise<Client> {
    let sock: ConnectConfig['sock'];
    const jumps = host.proxyJump;
    if (jumps.length) {
      const last = jumps[jumps.length - 1];
      const via = await this.client({ ...last, proxyJump: jumps.length > 1 ? jumps.slice(0, -1) : last.proxyJump });
      sock = await new Promise((resolve, reject) =>
        via.forwardOut('127.0.0.1', 0, host.address, host.port, (err, stream) => (err ? reject(new RunError('unreachable', `jump host ${last.name} could not reach ${host.address}:${host.port}: ${err.message}`)) : resolve(stream))),
      );
    }
    return this.handshake(host, sock);
  }

  private async handshake(host: Host, sock?: ConnectConfig['sock']): Promise<Client> {
    const readyTimeout = timerMs(host.connectTimeoutMs ?? this.opts.connectTimeoutMs ?? 10000, `${host.name}: connect timeout`);
    const { handler: authHandler, offered } = await this.authHandler(host);
    const serverHostKey = hostKeyAlgorithms(this.knownHostsFiles(host), host.address, host.port);
    let keyProblem: RunError | undefined;
    return new Promise((resolve, reject) => {
      const client = new Client();
      let settled = false;
      const fail = (e: RunError) => {
        if (settled) return;
        settled = true;
        client.end();
        reject(e);
      };
      client.on('ready', () => {
        settled = true;
        resolve(client);
      });
      client.on('error', (e: Error & { level?: string; code?: string }) => fail(keyProblem ?? classifyConnectError(e, host, offered)));
      client.on('close', () => fail(keyProblem ?? new RunError('dropped', `${host.name}: connection closed during the handshake`)));
      client.connect({
        host: host.address,
        port: host.port,
        username: host.user,
        sock,
        readyTimeout,
        keepaliveInterval: 15000,
        algorithms: serverHostKey && { serverHostKey },
        hostVerifier: (blob: Buffer, verify: (ok: boolean) => void) => {
          this.verifyHostKey(host, blob).then(
            () => verify(true),
            (e: RunError) => {
              keyProblem = e;
              verify(false);
            },
          );
        },
        authHandler,
      } as ConnectConfig);
      // Commands are short exchanges: without this each waits on Nagle and delayed ACKs.
      client.setNoDelay(true);
    });
  }

  private knownHostsFiles(host: Host): string[] {
    return [...this.opts.knownHostsFiles, ...(host.knownHostsFiles ?? []), this.opts.knownHostsWriteFile];
  }

  private async verifyHostKey(host: Host, blob: Buffer): Promise<void> {
    const r = checkHostKey(this.knownHostsFiles(host), host.address, host.port, blob);
    if (r.status === 'known') return;
    if (r.status === 'changed') throw new RunError('host-key-changed', changedKeyWarning(host.address, host.port, blob, r));
    if (r.status === 'revoked') throw new RunError('host-key-revoked', `${hostPattern(host.address, host.port)}: the host key ${fingerprint(blob)} is marked @revoked in ${r.file}:${r.line}`);
    const fp = fingerprint(blob);
    const ca = r.certAuthority;
    const note = ca && `Host certificates are not supported: the @cert-authority line ${ca.file}:${ca.line} is not used for this host, only its plain key.`;
    if (await this.opts.prompts.unknownHostKey(host, fp, keyTypeOf(blob), note)) {
      addKnownHost(this.opts.knownHostsWriteFile, host.address, host.port, blob);
      return;
    }
    throw new RunError(
      'host-key-unknown',
      `The authenticity of host '${hostPattern(host.address, host.port)}' can't be established. ${keyTypeOf(blob)} key fingerprint is ${fp}. ${note ? note + ' ' : ''}Not connecting: the key is not trusted. Compare it with what the host itself prints for ssh-keygen -lf ${hostKeyFile(keyTypeOf(blob))}, and accept it if they match.`,
    );
  }

  /**
   * Agent first, then key files (a passphrase is asked once per file), then, only when
   * those failed, a password, then keyboard-interactive with the same password. A key that
   * cannot be used (wrong passphrase, unreadable, not a key) is skipped, as OpenSSH does.
   * Returns the handler for ssh2 and what it offers (the key files that could be read,
   * whether the agent is asked, the keys skipped and why), so a failure can say what was tried.
   */
  private async authHandler(host: Host): Promise<{ handler: AuthHandler; offered: Offered }> {
    const username = host.user;
    const queue: (() => Promise<AuthMethod | undefined>)[] = [];
    const agent = !!this.opts.agent && !host.identitiesOnly;
    if (agent) queue.push(async () => ({ type: 'agent', username, agent: this.opts.agent }));
    const files = [...host.identityFiles, ...(this.opts.identityFiles ?? [])];
    const offered: Offered = { keys: [], agent, skipped: [] };
    for (const file of files.length ? files : defaultIdentities()) {
      const loaded = await this.loadKey(file);
      if ('skip' in loaded) {
        // A default key that is not there was never asked for.
        if (files.length || loaded.skip !== NOT_FOUND) offered.skipped.push(`${file} (${loaded.skip})`);
        continue;
      }
      offered.keys.push(file);
      queue.push(async () => ({ type: 'publickey', username, key: loaded.key, passphrase: loaded.passphrase }));
    }
    if (offered.skipped.length) this.opts.log?.(`${host.name}: skipped keys: ${offered.skipped.join(', ')}`);
    let password: Promise<string | undefined> | undefined;
    const askPassword = () => (password ??= this.opts.prompts.password(host));
    queue.push(async () => {
      const pw = await askPassword();
      return pw === undefined ? undefined : { type: 'password', username, password: pw };
    });
    queue.push(async () => {
      const pw = await askPassword();
      if (pw === undefined) return undefined;
      return { type: 'keyboard-interactive', username, prompt: (_n: string, _i: string, _l: string, qs: unknown[], finish: (answers: string[]) => void) => finish(qs.map(() => pw)) };
    });
    const handler: AuthHandler = (_methodsLeft, _partial, next) => {
      const step = async (): Promise<AuthMethod | false> => {
        for (let m = queue.shift(); m; m = queue.shift()) {
          const method = await m();
          if (method) return method;
        }
        return false;
      };
      step().then(next, () => next(false));
    };
    return { handler, offered };
  }

  /**
   * A key file, read and decrypted once for all hosts. A key skipped for a wrong passphrase
   * is forgotten once the connections waiting for it have it: the next connection asks again.
   */
  private loadKey(file: string): Promise<KeyFile> {
    let p = this.keys.get(file);
    if (!p) {
      // A prompt that throws skips the key like any other fault of it.
      const loading = this.readKey(file).catch((e: Error): KeyFile => ({ skip: `cannot be used: ${e.message}` }));
      this.keys.set(file, (p = loading));
      void loading.then((k) => {
        if ('skip' in k && k.skip === WRONG_PASSPHRASE && this.keys.get(file) === loading) this.keys.delete(file);
      });
    }
    return p;
  }

  private async readKey(file: string): Promise<KeyFile> {
    let key: Buffer;
    try {
      key = fs.readFileSync(file);
    } catch (e) {
      return { skip: (e as NodeJS.ErrnoException).code === 'ENOENT' ? NOT_FOUND : `unreadable: ${(e as Error).message}` };
    }
    const plain = utils.parseKey(key);
    if (!(plain instanceof Error)) return { key };
    if (!/passphrase|encrypted/i.test(plain.message)) return { skip: `not a private key: ${plain.message}` };
    const { prompts } = this.opts;
    for (let tries = 1; ; tries++) {
      const passphrase = await prompts.passphrase(file);
      if (passphrase === undefined) return { skip: 'no passphrase given' };
      if (!(utils.parseKey(key, passphrase) instanceof Error)) return { key, passphrase };
      const again = await prompts.passphraseRejected?.(file);
      if (!again || tries >= PASSPHRASE_TRIES) return { skip: WRONG_PASSPHRASE };
    }
  }

  private exec(client: Client, command: string, signal?: AbortSignal): Promise<Pick<RunResult, 'exitCode' | 'signal' | 'stdout' | 'stderr' | 'dropped'>> {
    const limit = this.opts.maxOutputBytes ?? 1024 * 1024;
    const timeoutMs = this.commandTimeoutMs;
    return new Promise((resolve, reject) => {
      client.exec(wrapForGroupKill(command), (err, stream: ClientChannel) => {
        if (err) return reject(new RunError('dropped', `could not open a session: ${err.message}`));
        const out = new HeadTail(limit);
        const errOut = new HeadTail(limit);
        const pidLine = new PidLine();
        let exitCode: number | null = null;
        let exitSignal: string | null = null;
        let exited = false;
        let ended: ErrorKind | undefined;
        let done = false;
        const stop = (kind: ErrorKind) => {
          if (ended || exited || done) return;
          ended = kind;
          killGroup(client, pidLine, () => {
            try {
              stream.signal('KILL');
            } catch {
              /* channel already gone */
            }
            stream.close();
          });
          // Do not wait for a server that keeps the channel open: give it a moment, then finish.
          setTimeout(finish, 2000 + PID_WAIT_MS).unref();
        };
        const timer = setTimeout(() => stop('timeout'), timeoutMs);
        const onAbort = () => stop('cancelled');
        if (signal?.aborted) setImmediate(onAbort);
        else signal?.addEventListener('abort', onAbort, { once: true });
        const onClientClose = () => finish();
        client.once('close', onClientClose);
        stream.on('data', (d: Buffer) => out.push(d));
        stream.stderr.on('data', (d: Buffer) => {
          const rest = pidLine.push(d);
          if (rest.length) errOut.push(rest);
        });
        stream.on('exit', (code: number | null, sig?: string) => {
          exited = true;
          exitCode = typeof code === 'number' ? code : null;
          exitSignal = sig ?? null;
        });
        const finish = () => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          client.removeListener('close', onClientClose);
          const held = pidLine.flush();
          if (held.length) errOut.push(held);
          const result = { exitCode, signal: exitSignal, stdout: out.text(), stderr: errOut.text(), dropped: { stdout: out.dropped, stderr: errOut.dropped } };
          if (ended === 'timeout') return reject(unfinished('timeout', `no result within ${timeoutMs / 1000} s; the remote command was killed`, result));
          if (ended === 'cancelled') return reject(unfinished('cancelled', 'cancelled; the remote command was killed', result));
          if (!exited) return reject(unfinished('dropped', 'the connection dropped before the command finished', result));
          resolve(result);
        };
        stream.on('close', finish);
      });
    });
  }
}

/** The longest a timer waits (2^31-1 ms, about 24.8 days): Node fires a longer one at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timeout a timer can wait: a longer one is capped (it means "very long", not "now"); 0, less and NaN are refused. */
function timerMs(ms: number, what: string): number {
  if (!(ms > 0)) throw new RangeError(`${what} must be a positive number of milliseconds, not ${ms}`);
  return Math.min(ms, MAX_TIMER_MS);
}

/** A command that did not finish, with what it printed until then: run() keeps that in the RunResult. */
function unfinished(kind: ErrorKind, message: string, result: Pick<RunResult, 'stdout' | 'stderr'>): RunError {
  const partial = result.stdout || result.stderr ? '; its output is partial, up to then' : '';
  return Object.assign(new RunError(kind, message + partial), { partial: result });
}

/** How long a kill waits for a pid line that has not arrived yet (the session was still starting). */
const PID_WAIT_MS = 3000;

/**
 * Kills the remote process group over another channel of the same connection, then calls
 * close. The channel stays open until the pid is known: closing it first could lose the
 * pid line and leave the command running on the host.
 */
function killGroup(client: Client, pidLine: PidLine, close: () => void): void {
  const timer = setTimeout(close, PID_WAIT_MS);
  pidLine.whenKnown((pid) => {
    clearTimeout(timer);
    client.exec(`kill -KILL -- -${pid} 2>/dev/null || kill -KILL ${pid}`, (e, s) => !e && s.resume());
    close();
  });
}

/** Takes the pid line off the front of stderr; what follows it passes through. */
class PidLine {
  pid: number | undefined;
  private head: Buffer | undefined = Buffer.alloc(0);
  private waiting: ((pid: number) => void)[] = [];

  /** Calls back with the pid now, or as soon as its line arrives. */
  whenKnown(cb: (pid: number) => void): void {
    if (this.pid !== undefined) cb(this.pid);
    else this.waiting.push(cb);
  }

  /** The part of the chunk that is ordinary stderr (empty while the first line is incomplete). */
  push(chunk: Buffer): Buffer {
    if (!this.head) return chunk;
    this.head = Buffer.concat([this.head, chunk]);
    const nl = this.head.indexOf(10);
    if (nl < 0 && this.head.length < 64) return Buffer.alloc(0);
    const first = this.head.subarray(0, nl < 0 ? this.head.length : nl).toString('latin1');
    this.pid = parsePidLine(first);
    if (this.pid !== undefined) this.waiting.splice(0).forEach((cb) => cb(this.pid!));
    const rest = this.pid !== undefined ? this.head.subarray(nl + 1) : this.head;
    this.head = undefined;
    return rest;
  }

  /** Whatever is still held back when the stream ends. */
  flush(): Buffer {
    const held = this.head ?? Buffer.alloc(0);
    this.head = undefined;
    return held;
  }
}

type AuthMethod = { type: string; username: string } & Record<string, unknown>;
/** A key file ready to offer, or why it is skipped. */
type KeyFile = { key: Buffer; passphrase?: string } | { skip: string };
/** What a connection offers to authenticate: for the message when none of it gets in. */
interface Offered {
  keys: string[];
  agent: boolean;
  /** "file (why)" */
  skipped: string[];
}
const NOT_FOUND = 'not found';
const WRONG_PASSPHRASE = 'wrong passphrase';
type AuthHandler = (methodsLeft: string[] | null, partialSuccess: boolean | null, next: (method: AuthMethod | false) => void) => void;

function defaultIdentities(): string[] {
  const home = require('os').homedir() as string;
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => `${home}/.ssh/${n}`);
}

function classifyConnectError(e: Error & { level?: string; code?: string }, host: Host, offered: Offered): RunError {
  const where = `${host.name} (${host.user}@${host.address}:${host.port})`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return new RunError('dns', `${where}: cannot resolve ${host.address}`);
  if (e.code === 'ECONNREFUSED') return new RunError('refused', `${where}: connection refused`);
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || e.code === 'ETIMEDOUT') return new RunError('unreachable', `${where}: unreachable (${e.code})`);
  if (e.code === 'ECONNRESET') return new RunError('dropped', `${where}: connection reset`);
  if (e.level === 'client-timeout' || /timed out/i.test(e.message)) return new RunError('timeout', `${where}: no SSH handshake within the connect timeout`);
  if (e.level === 'client-authentication') {
    // Which keys were offered is what a user needs to fix it (a missing IdentityFile, the wrong key).
    const keys = offered.keys.length ? offered.keys.join(', ') : 'none (no IdentityFile, and no default key in ~/.ssh)';
    const skipped = offered.skipped.length ? `; skipped: ${offered.skipped.join(', ')}` : '';
    return new RunError('auth', `${where}: authentication failed (tried: ${offered.agent ? 'the agent, ' : ''}keys: ${keys}; then a password, if one was given${skipped})`);
  }
  return new RunError('error', `${where}: ${e.message}`);
}

/** The host ran the command; these exits still deserve a clear word. */
function classifyExit(code: number | null, stderr: string): RunResult['error'] {
  if (sudoWantsPassword(stderr)) return { kind: 'sudo-password', message: SUDO_PASSWORD_HINT };
  if (code === 127 && /not found/.test(stderr)) return { kind: 'command-not-found', message: stderr.trim().split('\n').pop() ?? 'command not found' };
  return null;
}
