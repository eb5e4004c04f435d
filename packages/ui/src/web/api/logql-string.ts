/** `text` as a LogQL double-quoted string: backslash, quote and newline escaped. */
export const quoted = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
