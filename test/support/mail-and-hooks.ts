import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/**
 * A real SMTP server (smtp-server) on a free port that keeps what it accepts. `reject` makes it
 * answer 451 to the message; `onMailFrom` runs before a message is taken (a test can stall or
 * kill the sender there, before anything was accepted).
 */
export async function startSmtp(): Promise<{
  url: string; port: number; mails: ReceivedMail[]; reject: boolean; onMailFrom: (() => Promise<void>) | null; close(): Promise<void>;
}> {
  const state = {
    mails: [] as ReceivedMail[], reject: false, onMailFrom: null as (() => Promise<void>) | null,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      const hook = state.onMailFrom;
      if (!hook) return callback();
      hook().then(() => callback(), (e: Error) => callback(e));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.reject) {
          const e = new Error('mailbox busy, try later') as Error & { responseCode: number };
          e.responseCode = 451;
          return callback(e);
        }
        simpleParser(Buffer.concat(chunks)).then((m) => {
          const to = (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
          state.mails.push({ to, subject: m.subject ?? '', text: m.text ?? '', html: typeof m.html === 'string' ? m.html : '', messageId: m.messageId ?? '' });
          callback();
        }, (e: Error) => callback(e));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    get mails() { return state.mails; },
    get reject() { return state.reject; },
    set reject(v: boolean) { state.reject = v; },
    get onMailFrom() { return state.onMailFrom; },
    set onMailFrom(v) { state.onMailFrom = v; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver for webhooks; answers `status` (200 unless a test changes it). */
export async function startHookReceiver(): Promise<{ url: string; hooks: ReceivedHook[]; status: number; close(): Promise<void> }> {
  const state = { hooks: [] as ReceivedHook[], status: 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (state.status < 300) state.hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(state.status, { 'content-type': 'text/plain' }).end(state.status < 300 ? 'ok' : 'down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/renewals`,
    get hooks() { return state.hooks; },
    get status() { return state.status; },
    set status(v: number) { state.status = v; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
