import { readFileSync } from 'node:fs';
import type { Args } from './args.js';

/** Builds the Authorization header from basic_auth / bearer_token(_file), reading secret files now so a missing one fails at start. */
export function authorization(args: Args, basic: Args | undefined): string | undefined {
  const read = (a: Args, name: string): string => {
    const path = a.requireString(name);
    try {
      return readFileSync(path, 'utf8').trim();
    } catch (e) {
      throw a.error(name, `${a.what}: cannot read ${name} ${JSON.stringify(path)}: ${(e as Error).message}`);
    }
  };
  const bearer = args.has('bearer_token_file') ? read(args, 'bearer_token_file') : args.string('bearer_token');
  if (bearer && basic) throw args.error('bearer_token', `${args.what}: set either basic_auth or a bearer token, not both`);
  if (bearer) return `Bearer ${bearer}`;
  if (!basic) return undefined;
  basic.allow(['username', 'password', 'password_file']);
  const password = basic.has('password_file') ? read(basic, 'password_file') : basic.string('password', '');
  return `Basic ${Buffer.from(`${basic.string('username', '')}:${password}`).toString('base64')}`;
}

export function checkUrl(args: Args, name: string): string {
  const url = args.requireString(name);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw args.error(name, `${args.what}: invalid URL ${JSON.stringify(url)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw args.error(name, `${args.what}: URL must be http or https, got ${JSON.stringify(url)}`);
  return url;
}
