/**
 * Parameters that authorization (and the audit trail) add to a compiled statement. They are
 * numbered after the statement's own parameters, which the compiler only knows at the end, so
 * the SQL first carries markers and `finish` turns them into `$n`. A bind names a caller value
 * (looked up per request: the user id, account lists, tier…) or carries a constant from the
 * template (a rule's `where` value). The statement is cached with its binds: same shape, same
 * text, same binds — only the caller values change.
 */
export type Bind = { readonly caller: string } | { readonly value: unknown };

const OPEN = "\uE000";
const CLOSE = "\uE001";
const MARKER = /\uE000(\d+)\uE001/g;

export class Binds {
  readonly list: Bind[] = [];
  private readonly byKey = new Map<string, number>();

  /** A caller value, bound once per statement however often it is used. */
  caller(key: string): string {
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.list.push({ caller: key }) - 1;
      this.byKey.set(key, index);
    }
    return `${OPEN}${index}${CLOSE}`;
  }

  value(value: unknown): string {
    return `${OPEN}${this.list.push({ value }) - 1}${CLOSE}`;
  }

  /** The SQL with markers numbered after the statement's own `base` parameters. */
  finish(text: string, base: number): string {
    return text.replace(MARKER, (_m, i: string) => `$${base + Number(i) + 1}`);
  }
}

/** The values of a statement's binds for one request. */
export function bindValues(binds: readonly Bind[] | undefined, resolve: (key: string) => unknown): unknown[] {
  if (!binds?.length) return [];
  return binds.map((b) => ("caller" in b ? resolve(b.caller) : b.value));
}
