// Kept light: `logi agent` loads this in the main thread, which only starts the agent's worker (see main.ts).
// The agent itself, for embedding, is '@logi/agent/lib'.
export { main } from './main.js';
export { parseFlags } from './flags.js';
export type { AgentConfig, SourceConfig, ProcessConfig, WriteConfig, EndpointConfig, FileTarget } from './config/model.js';
