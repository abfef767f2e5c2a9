import { createTransport, Transporter } from 'nodemailer';
import { webhookSignature } from '@app/alerts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic, so a message re-sent after a crash carries the same id and can be recognised. */
  messageId: string;
}

export interface EmailSender {
  readonly configured: boolean;
  send(message: OutgoingEmail): Promise<void>;
  close(): void;
}

/** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465 (TLS from the start). */
export function smtpOptions(url: string): { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } {
  const u = new URL(url);
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, got "${u.protocol}"`);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname, port: u.port ? Number(u.port) : secure ? 465 : 587, secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
  };
}

/** E-mail through SMTP with nodemailer (SMTP_URL). Timeouts are kept well under the delivery claim lease. */
export class SmtpEmailSender implements EmailSender {
  private transport: Transporter | null = null;

  constructor(private readonly smtpUrl: string | null, private readonly from: string) {}

  get configured(): boolean {
    return this.smtpUrl !== null;
  }

  async send(m: OutgoingEmail): Promise<void> {
    if (!this.smtpUrl) throw new Error('SMTP_URL is not set: e-mail cannot be sent');
    this.transport ??= createTransport({ ...smtpOptions(this.smtpUrl), connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 });
    await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId });
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }
}

export interface WebhookSender {
  post(url: string, secret: string, deliveryId: string, payload: unknown, now: Date): Promise<void>;
}

/**
 * A JSON POST signed with the council's secret: `X-Register-Signature: sha256=<hmac>` over
 * "<timestamp>.<body>", `X-Register-Timestamp` (seconds) and `X-Register-Delivery` (the same
 * on every retry of one delivery, so a receiver can drop repeats). Anything but 2xx is a failure.
 */
export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly timeoutMs = 15_000) {}

  async post(url: string, secret: string, deliveryId: string, payload: unknown, now: Date): Promise<void> {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'council-contract-register',
        'x-register-timestamp': timestamp,
        'x-register-delivery': deliveryId,
        'x-register-signature': webhookSignature(secret, timestamp, body),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
  }
}
