/**
 * Outgoing email over SMTP (nodemailer), configured by the environment:
 * STEPWISE_SMTP_URL (smtp://user:pass@host:587, smtps://… for TLS) and
 * STEPWISE_MAIL_FROM (default "Stepwise <stepwise@localhost>"). Without
 * STEPWISE_SMTP_URL no email is sent (the in-app inbox still works).
 */
import nodemailer from "nodemailer";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(m: Mail): Promise<void>;
}

export function smtpMailer(url: string, from = "Stepwise <stepwise@localhost>"): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer | null {
  return env.STEPWISE_SMTP_URL ? smtpMailer(env.STEPWISE_SMTP_URL, env.STEPWISE_MAIL_FROM) : null;
}
