// Email over SMTP with nodemailer, as Alertmanager's email notifier connects: implicit TLS with
// force_implicit_tls or, when unset, on port 465; otherwise plain SMTP upgraded with STARTTLS when require_tls (and refused if
// the server does not offer it); AUTH (PLAIN, LOGIN, CRAM-MD5: what the server offers) when a username is
// set. The subject is Alertmanager's default; the body is text and HTML with each alert.
import { messageTitle, type MessageAlert, type MessageData } from './message-data.js';
import type { EmailConfig } from './notification-config.js';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const pairs = (m: Record<string, string>): [string, string][] => Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1));

function alertText(a: MessageAlert): string {
  return [
    `${a.labels.alertname ?? 'alert'} is ${a.status}, value ${a.value}`,
    'Labels:', ...pairs(a.labels).map(([k, v]) => ` - ${k} = ${v}`),
    'Annotations:', ...pairs(a.annotations).map(([k, v]) => ` - ${k} = ${v}`),
    `Source: ${a.generatorURL}`,
  ].join('\n');
}

function alertHtml(a: MessageAlert): string {
  const rows = (m: Record<string, string>): string => pairs(m).map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('');
  return `<h3>${escapeHtml(a.labels.alertname ?? 'alert')} is ${a.status}, value ${a.value}</h3>`
    + `<table><tr><th colspan="2">Labels</th></tr>${rows(a.labels)}<tr><th colspan="2">Annotations</th></tr>${rows(a.annotations)}</table>`
    + `<p><a href="${escapeHtml(a.generatorURL)}">Source</a></p>`;
}

export function emailContent(d: MessageData): { subject: string; text: string; html: string } {
  const subject = messageTitle(d);
  const firing = d.alerts.filter((a) => a.status === 'firing');
  const resolved = d.alerts.filter((a) => a.status === 'resolved');
  const sections = [[`${firing.length} alert(s) firing`, firing], [`${resolved.length} alert(s) resolved`, resolved]] as const;
  return {
    subject,
    text: [subject, ...sections.filter(([, as]) => as.length).flatMap(([h, as]) => [`\n${h}:`, ...as.map(alertText)]), `\nSent by Logi ${d.externalURL}`].join('\n'),
    html: `<html><body><h2>${escapeHtml(subject)}</h2>${sections.filter(([, as]) => as.length).map(([h, as]) => `<h2>${h}</h2>${as.map(alertHtml).join('')}`).join('')}`
      + `<p>Sent by <a href="${escapeHtml(d.externalURL)}">Logi</a></p></body></html>`,
  };
}

export async function sendEmail(c: EmailConfig, d: MessageData, timeoutMs: number): Promise<void> {
  // loaded on the first e-mail: most servers never send one, and every start would pay for the module
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: c.host, port: c.port, name: c.hello,
    secure: c.implicitTls,
    requireTLS: !c.implicitTls && c.requireTls,
    ignoreTLS: !c.implicitTls && !c.requireTls,
    auth: c.authUsername ? { user: c.authUsername, pass: c.authPassword } : undefined,
    tls: { rejectUnauthorized: !c.insecureSkipVerify },
    connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs,
  });
  try {
    await transport.sendMail({ from: c.from, to: c.to, ...emailContent(d) });
  } finally {
    transport.close();
  }
}
