// Labels and annotations of alerting rules, rendered as Prometheus does: the text is prefixed with
// variable definitions so that `$labels`, `$externalLabels`, `$externalURL` and `$value` are in scope.
import { compileTemplate, type CompiledTemplate } from './exec.js';
import { promTemplateFuncs } from './prom-funcs.js';
import type { GoValue } from './values.js';

const DEFS = '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

export interface AlertTemplateData {
  labels: Readonly<Record<string, string>>;
  externalLabels: Readonly<Record<string, string>>;
  externalURL: string;
  value: number;
}

const asMap = (rec: Readonly<Record<string, string>>): Map<string, GoValue> => new Map(Object.entries(rec));

export class AlertTemplate {
  readonly #tmpl: CompiledTemplate;
  constructor(tmpl: CompiledTemplate) {
    this.#tmpl = tmpl;
  }

  /** Renders; throws TemplateError or FuncError with Go's message when execution fails. */
  render(data: AlertTemplateData): string {
    const root = new Map<string, GoValue>([
      ['Labels', asMap(data.labels)],
      ['ExternalLabels', asMap(data.externalLabels)],
      ['ExternalURL', data.externalURL],
      ['Value', data.value],
    ]);
    return this.#tmpl.executeData(root, { line: '', ts: BigInt(Date.now()) * 1_000_000n });
  }
}

/** Parses an alert template named as Prometheus names it (`__alert_<name>`); throws TemplateError when it does not parse. */
export function compileAlertTemplate(alertName: string, text: string, externalURL: string): AlertTemplate {
  return new AlertTemplate(compileTemplate(`__alert_${alertName}`, DEFS + text, promTemplateFuncs(externalURL)));
}
