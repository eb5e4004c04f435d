import { fileURLToPath } from 'node:url';

export { HOME_UID } from './home.js';

/** Folder holding the built UI (index.html and hashed assets), written by build.js. */
export const PUBLIC_DIR = fileURLToPath(new URL('../dist/public/', import.meta.url));
