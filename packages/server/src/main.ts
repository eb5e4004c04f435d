import { goFlagUsage } from '@logi/protocol';
import { ConfigError, loadConfig, parseFlags, SERVE_FLAGS, type Config } from './app/config.js';
import { effectiveConfigYaml } from './app/effective-config.js';
import { startServer, VERSION, type RunningServer } from './app/server.js';
import { checkPortFree, startFailureLine } from './app/start-failure.js';
import { versionText } from './app/version.js';

/** A start that cannot go on: one line on stderr, no stack trace, exit status 1. */
function fatal(line: string): void {
  process.stderr.write(`logi serve: ${line}\n`);
  process.exitCode = 1;
}

/** `logi serve [flags]`: starts the server and runs until SIGINT/SIGTERM, then drains connections, finishes the WAL and exits. */
export async function main(args: string[]): Promise<void> {
  let config: Config;
  try {
    const flags = parseFlags(args);
    if (flags.help) {
      process.stdout.write(`Usage of logi serve:\n${goFlagUsage(SERVE_FLAGS)}`);
      return;
    }
    if (flags.version) {
      process.stdout.write(versionText());
      return;
    }
    config = loadConfig(flags);
    if (flags.printConfig) process.stderr.write(effectiveConfigYaml(config));
  } catch (e) {
    if (e instanceof ConfigError) return fatal(e.message);
    throw e;
  }
  const started = Date.now();
  let running: RunningServer;
  try {
    await checkPortFree(config);
    running = await startServer(config);
  } catch (e) {
    if (e instanceof ConfigError) return fatal(e.message); // e.g. a dashboards provisioning file that cannot be read
    const line = startFailureLine(e, config);
    if (line !== undefined) return fatal(line);
    throw e;
  }
  const tenancy = config.authEnabled ? 'multi-tenant (X-Scope-OrgID required)' : 'single-tenant (tenant "fake")';
  console.log(
    `level=info msg="Logi started" version=${VERSION} addr=${config.server.httpListenAddress}:${running.port} ui=http://${config.server.httpListenAddress}:${running.port}${config.server.httpPathPrefix}/ auth_enabled=${config.authEnabled} tenancy=${JSON.stringify(tenancy)} path_prefix=${config.pathPrefix} chunks_directory=${config.chunksDirectory} startup_ms=${Date.now() - started}`,
  );
  if (config.ignoredKeys.length > 0) console.log(`level=warn msg="Loki config keys Logi does not use, ignored" keys=${config.ignoredKeys.join(',')}`);
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
