// Email against a real SMTP server (aiosmtpd on 127.0.0.1): plain, STARTTLS with AUTH, implicit TLS with
// AUTH, and require_tls refused by a server that offers no STARTTLS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smtpSkip, startSmtp } from '../testing/smtp-server.js';
import type { Notification } from './dispatcher.js';
import { sendEmail } from './email.js';
import { messageData } from './message-data.js';
import type { EmailConfig } from './notification-config.js';

const NOTIFICATION: Omit<Notification, 'integration'> = {
  receiver: 'ops', groupKey: '{}:{alertname="Errors"}', groupLabels: { alertname: 'Errors' },
  alerts: [{
    status: 'firing', labels: { alertname: 'Errors', service: 'checkout' }, annotations: { summary: 'checkout logs 4 errors/s' },
    startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2026-01-01T01:00:00.000Z', generatorURL: 'http://logi.test/explore?x=1', value: 4,
  }],
};

function config(smarthost: string, extra: Partial<EmailConfig>): EmailConfig {
  const [host, port] = smarthost.split(':');
  return {
    kind: 'email', sendResolved: false, to: 'ops@example.test', from: 'logi@example.test', host: host!, port: Number(port), hello: 'logi.test',
    authUsername: '', authPassword: '', requireTls: false, insecureSkipVerify: true, implicitTls: false, ...extra,
  };
}

const send = (c: EmailConfig): Promise<void> => sendEmail(c, messageData({ ...NOTIFICATION, integration: c }, 'http://logi.test'), 10_000);

test('email: subject and text and HTML bodies over plain SMTP; require_tls fails where STARTTLS is not offered', { skip: smtpSkip(), timeout: 60_000 }, async (t) => {
  const smtp = await startSmtp('plain');
  t.after(() => smtp.stop());
  await send(config(smtp.smarthost, {}));
  const [mail] = smtp.messages();
  assert.equal(mail?.subject, '[FIRING:1] Errors');
  assert.deepEqual(mail.to, ['ops@example.test']);
  assert.equal(mail.tls, false);
  assert.match(mail.text, /Errors is firing, value 4/);
  assert.match(mail.text, /service = checkout/);
  assert.match(mail.text, /summary = checkout logs 4 errors\/s/);
  assert.match(mail.html, /<a href="http:\/\/logi.test\/explore\?x=1">/);
  await assert.rejects(send(config(smtp.smarthost, { requireTls: true })), /STARTTLS/i);
  assert.equal(smtp.messages().length, 1);
});

test('email: STARTTLS and implicit TLS, each with AUTH; a wrong password is refused', { skip: smtpSkip(), timeout: 60_000 }, async (t) => {
  const [starttls, implicit] = await Promise.all([startSmtp('starttls', 'logi:secret'), startSmtp('implicit', 'logi:secret')]);
  t.after(() => Promise.all([starttls.stop(), implicit.stop()]));
  await send(config(starttls.smarthost, { requireTls: true, authUsername: 'logi', authPassword: 'secret' }));
  await send(config(implicit.smarthost, { implicitTls: true, authUsername: 'logi', authPassword: 'secret' }));
  for (const s of [starttls, implicit]) {
    const [mail] = s.messages();
    assert.equal(mail?.tls, true);
    assert.equal(mail.login, 'logi');
    assert.equal(mail.subject, '[FIRING:1] Errors');
  }
  await assert.rejects(send(config(starttls.smarthost, { requireTls: true, authUsername: 'logi', authPassword: 'wrong' })), /auth|535/i);
  assert.equal(starttls.messages().length, 1);
});
