import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface PostResult {
  status: number;
  /** The start of the response body, for error messages. */
  body: string;
}

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 4 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 4 });

/** POSTs a body; resolves with the status, rejects on network errors and timeouts. */
export function post(url: URL, headers: Readonly<Record<string, string>>, body: Buffer, timeoutMs: number): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const https = url.protocol === 'https:';
    const req = (https ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      agent: https ? httpsAgent : httpAgent,
      headers: { ...headers, 'Content-Length': String(body.length) },
      timeout: timeoutMs,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (text.length < 1024) text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text.slice(0, 1024) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`request timed out after ${timeoutMs}ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
