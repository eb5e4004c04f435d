export { main } from './main.js';
export { startServer, type RunningServer } from './app/server.js';
export { loadConfig, parseFlags, defaultConfig, type Config } from './app/config.js';
export { versionText } from './app/version.js';
