#!/usr/bin/env node
// The one `logi` command: `logi serve ...` runs the Loki-compatible server, `logi agent ...` the file agent,
// `logi query ...` and its siblings query any Loki-compatible URL.
const [command, ...args] = process.argv.slice(2);
const usage = 'usage: logi serve [-config.file=FILE] [flags]\n       logi agent -config.file=FILE [flags]\n'
  + '       logi query|instant-query|labels|series|stats|volume|volume_range|fmt [flags] [args]\n       logi -version\n'
  + '`logi serve -help`, `logi agent -help` and `logi query --help` list each command\'s flags with their defaults.\n';

switch (command) {
  case 'serve': {
    const { main } = await import('@logi/server');
    await main(args);
    break;
  }
  case 'agent': {
    const { main } = await import('@logi/agent');
    await main(args);
    break;
  }
  case 'query':
  case 'instant-query':
  case 'labels':
  case 'series':
  case 'stats':
  case 'volume':
  case 'volume_range':
  case 'fmt': {
    const { main } = await import('@logi/cli');
    process.exitCode = await main(command, args);
    break;
  }
  case '-version':
  case '--version': {
    const { versionText } = await import('@logi/server');
    process.stdout.write(versionText());
    break;
  }
  case '-h':
  case '-help':
  case '--help':
  case 'help':
    process.stdout.write(usage);
    break;
  default:
    process.stderr.write(command ? `logi: unknown command "${command}"\n${usage}` : usage);
    process.exitCode = 2;
}
