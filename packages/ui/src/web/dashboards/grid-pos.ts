// Places on Grafana's 24-column grid, as the edit mode and repeated panels move panels around.
import type { GridPos, Panel } from './model.js';

export const COLUMNS = 24;

/** Grafana's place for a panel without gridPos. */
const DEFAULT_POS: GridPos = { x: 0, y: 0, w: 12, h: 8 };

export const posOf = (p: Panel): GridPos => ({ ...DEFAULT_POS, ...p.gridPos });

export const overlap = (a: GridPos, b: GridPos): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
