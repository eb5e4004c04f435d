// Slack incoming webhooks: one attachment (colored by status, as Alertmanager's Slack notifier does)
// whose blocks give each alert's name, status, value, summary, description, labels and a button back to
// Logi's Explore with the rule's query; the top-level text is the title, for notifications and clients
// that show no blocks.
import { messageTitle, type MessageAlert, type MessageData } from './message-data.js';
import type { SlackConfig } from './notification-config.js';
import { postJson } from './post-json.js';

// Slack refuses a section text over 3000 characters
const SECTION_MAX = 3000;
const clip = (s: string): string => (s.length > SECTION_MAX ? `${s.slice(0, SECTION_MAX - 1)}…` : s);

function alertBlocks(a: MessageAlert): unknown[] {
  const lines = [
    `*${a.labels.alertname ?? 'alert'}* is *${a.status}* · value \`${a.value}\``,
    a.annotations.summary ? `*Summary:* ${a.annotations.summary}` : '',
    a.annotations.description ? `*Description:* ${a.annotations.description}` : '',
    `*Labels:* ${Object.entries(a.labels).map(([k, v]) => `\`${k}=${v}\``).join(' ')}`,
  ].filter(Boolean);
  return [
    { type: 'section', text: { type: 'mrkdwn', text: clip(lines.join('\n')) } },
    { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Explore' }, url: a.generatorURL }] },
  ];
}

export function slackMessage(c: SlackConfig, d: MessageData): Record<string, unknown> {
  const title = messageTitle(d);
  return {
    ...(c.channel ? { channel: c.channel } : {}),
    username: c.username,
    text: title,
    attachments: [{
      color: d.status === 'firing' ? 'danger' : 'good',
      fallback: title,
      blocks: [{ type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } }, ...d.alerts.flatMap(alertBlocks)],
    }],
  };
}

export const sendSlack = (c: SlackConfig, d: MessageData, timeoutMs: number): Promise<void> => postJson(c.apiUrl, slackMessage(c, d), timeoutMs);
