/**
 * A value the builder should expand `$VAR` in (ENV, ARG defaults, LABEL, WORKDIR, USER).
 * Plain strings are emitted literally: `$` in them is escaped.
 */
export interface ExpandText {
  readonly kind: 'expand';
  readonly text: string;
}

export type Text = string | ExpandText;

/** Marks a value as meant for variable expansion by the builder: `expand('/venv/bin:$PATH')`. */
export function expand(text: string): ExpandText {
  return Object.freeze({ kind: 'expand', text });
}

export function isExpandText(value: unknown): value is ExpandText {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'expand';
}

export function rawText(value: Text): string {
  return typeof value === 'string' ? value : value.text;
}
