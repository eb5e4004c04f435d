import { ConfigError, loadConfig, parseFlags } from './app/config.js';
import { startServer, VERSION } from './app/server.js';

/** `logi serve [flags]`: starts the server and runs until SIGINT/SIGTERM, then drains connections, finishes the WAL and exits. */
export async function main(args: string[]): Promise<void> {
  let config;
  try {
    config = loadConfig(parseFlags(args));
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`logi serve: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
  for (const key of config.ignoredKeys) console.log(`level=warn msg="config key not used by Logi, ignored" key=${key}`);
  const started = Date.now();
  const running = await startServer(config);
  console.log(
    `level=info msg="Logi started" version=${VERSION} addr=${config.server.httpListenAddress}:${running.port} path_prefix=${config.pathPrefix} auth_enabled=${config.authEnabled} startup_ms=${Date.now() - started}`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    const since = Date.now();
    console.log(`level=info msg="shutting down" signal=${signal}`);
    running.close().then(
      () => {
        console.log(`level=info msg="stopped" shutdown_ms=${Date.now() - since}`);
        process.exit(0);
      },
      (e: unknown) => { console.error(e); process.exit(1); },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
