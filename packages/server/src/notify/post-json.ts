// Posts JSON to a receiver's URL; anything but a 2xx answer within the timeout is an error carrying
// the status and the start of the body.
export async function postJson(url: string, body: unknown, timeoutMs: number): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`unexpected status code ${res.status}: ${text.slice(0, 200)}`);
}
