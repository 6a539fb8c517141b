import type { Diagnostic } from './diagnostic.js';
import { redact } from './redact.js';

/** `Compilation Error in model orders (models/orders.sql:12:5)` + message + hint. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? ` (${[d.file, d.line, d.line !== undefined ? d.column : undefined].filter((p) => p !== undefined).join(':')})` : '';
  const subject = d.node ? ` in ${d.node.type} ${d.node.name}` : '';
  const head = d.severity === 'warning' ? 'Warning' : d.kind;
  const lines = [`${head}${subject}${where}`, ...indent(d.message)];
  if (d.hint) lines.push(...indent(d.hint));
  return redact(lines.join('\n'));
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => `  ${line}`);
}
