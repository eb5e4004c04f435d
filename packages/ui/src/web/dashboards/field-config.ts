// Grafana's field config for one field (series): the panel's defaults with the overrides that match its name applied
// in order, and what it decides: the colour (fixed, by threshold or the palette) and where a value sits in min..max.
import { PALETTE } from '../graph/series.js';
import { cssColor } from './colors.js';
import { formatValue } from './format-value.js';
import type { FieldConfig, Panel, ThresholdStep } from './model.js';
import { mapValue } from './value-mappings.js';

/** Grafana's thresholds when a panel gives none: green, red from 80. */
const DEFAULT_STEPS: ThresholdStep[] = [{ color: 'green', value: null }, { color: 'red', value: 80 }];

function matches(matcher: { id: string; options?: unknown }, name: string): boolean {
  if (matcher.id === 'byName') return matcher.options === name;
  if (matcher.id === 'byRegexp') {
    try { return new RegExp(`^(?:${String(matcher.options)})$`).test(name); } catch { return false; }
  }
  return false; // byType, byFrameRefID…: Logi's fields are all numbers of one frame
}

/** Sets `id` ('unit', 'color', 'custom.stacking'…) in a copy of `config`. */
function withProperty(config: FieldConfig, id: string, value: unknown): FieldConfig {
  if (id.startsWith('custom.')) return { ...config, custom: { ...config.custom, [id.slice(7)]: value } };
  return { ...config, [id]: value };
}

export function fieldOf(panel: Panel, name: string): FieldConfig {
  let config: FieldConfig = panel.fieldConfig?.defaults ?? {};
  for (const o of panel.fieldConfig?.overrides ?? []) {
    if (o?.matcher && matches(o.matcher, name)) for (const p of o.properties ?? []) config = withProperty(config, p.id, p.value);
  }
  return config;
}

/** `value`'s position in the field's range as a share 0..1 (clamped); min defaults to 0, max to `dataMax`. */
export function shareOf(field: FieldConfig, value: number, dataMax: number): number {
  const min = field.min ?? 0;
  const max = field.max ?? Math.max(dataMax, min + 1);
  return Math.min(1, Math.max(0, (value - min) / (max - min)));
}

/** The steps in effect, each with its absolute start (percentage steps placed in min..max). */
export function thresholdSteps(field: FieldConfig, dataMax: number): Array<{ color: string; from: number }> {
  const steps = field.thresholds?.steps?.length ? field.thresholds.steps : DEFAULT_STEPS;
  const min = field.min ?? 0;
  const max = field.max ?? Math.max(dataMax, min + 1);
  const at = (v: number): number => (field.thresholds?.mode === 'percentage' ? min + ((max - min) * v) / 100 : v);
  return steps.map((s) => ({ color: cssColor(s.color), from: s.value === null ? -Infinity : at(s.value) }));
}

/** The colour of the last step `value` reaches. */
export function thresholdColor(field: FieldConfig, value: number, dataMax: number): string {
  let color = cssColor('green');
  for (const s of thresholdSteps(field, dataMax)) if (value >= s.from) color = s.color;
  return color;
}

/**
 * A field's colour as its color.mode says: 'fixed' (or 'shades') its fixedColor, 'thresholds' the step of `value`,
 * otherwise (the classic palette and the schemes Logi does not draw) the palette's colour for the field's index.
 * `fallback` is the mode when the field gives none: thresholds for stat/gauge/bar gauge, the palette for graphs.
 */
export function colorOf(field: FieldConfig, index: number, value: number, dataMax: number, fallback: 'thresholds' | 'palette-classic'): string {
  const mode = field.color?.mode ?? fallback;
  if ((mode === 'fixed' || mode === 'shades') && field.color?.fixedColor) return cssColor(field.color.fixedColor);
  if (mode === 'thresholds') return thresholdColor(field, value, dataMax);
  return PALETTE[index % PALETTE.length]!;
}

/**
 * A value ready to draw: its shown name (an override's displayName wins), its field config, its text (a value
 * mapping's, else the number in the field's unit) and its colour (a value mapping's, else the field's).
 */
export interface ShownValue { name: string; value: number; field: FieldConfig; text: string; color: string }

export function shownValues(panel: Panel, values: ReadonlyArray<{ name: string; value: number }>, fallback: 'thresholds' | 'palette-classic'): ShownValue[] {
  const dataMax = Math.max(0, ...values.map((v) => v.value).filter(Number.isFinite));
  return values.map((v, i) => {
    const field = fieldOf(panel, v.name);
    const mapped = mapValue(field.mappings, v.value);
    return {
      name: field.displayName || v.name, value: v.value, field,
      text: mapped?.text ?? formatValue(v.value, field.unit, field.decimals),
      color: mapped?.color ? cssColor(mapped.color) : colorOf(field, i, v.value, dataMax, fallback),
    };
  });
}
