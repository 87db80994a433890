import pg from "pg";

type Parser = (text: string) => unknown;
type Field = { name: string; dataTypeID: number; format?: string };

/** What this subclass touches of pg's Query (stable since pg 8; covered by database.int tests). */
interface QueryInternals {
  name?: string;
  types?: { getTypeParser(oid: number, format?: string): Parser };
  _result: { fields: Field[]; _parsers: Parser[] | undefined };
  _accumulateRows: boolean;
  _checkForMultirow(): void;
}

const MAX_STATEMENTS = 4000;
/** Parsers per statement, with the column types they were made for (a migration may change them). */
const parserCache = new Map<string, { oids: number[]; parsers: Parser[] }>();

const sameTypes = (oids: readonly number[], fields: readonly Field[]) =>
  oids.length === fields.length && fields.every((f, i) => f.dataTypeID === oids[i]);

/**
 * A pg query whose rows are arrays, without pg's per-execution row template: on every
 * RowDescription (each run of a prepared statement) pg's Result builds an object with every
 * column name and spreads it (≈7 µs for 33 columns, more than the rest of a lookup). The CRUD
 * engine reads rows by position anyway, and a prepared statement's columns never change, so
 * the value parsers are looked up once per statement (and type source).
 */
export class ArrayRowsQuery extends pg.Query {
  constructor(config: pg.QueryConfig & { types?: unknown }, cacheKey: string | null) {
    super({ ...config, rowMode: "array" } as pg.QueryArrayConfig);
    this.cacheKey = cacheKey;
  }

  private readonly cacheKey: string | null;

  handleRowDescription(message: { fields: Field[] }): void {
    const self = this as unknown as QueryInternals;
    self._checkForMultirow();
    self._result.fields = message.fields;
    self._result._parsers = this.parsers(message.fields, self.types ?? pg.types);
    self._accumulateRows = true;
  }

  private parsers(fields: Field[], types: NonNullable<QueryInternals["types"]>): Parser[] {
    const cached = this.cacheKey === null ? undefined : parserCache.get(this.cacheKey);
    if (cached && sameTypes(cached.oids, fields)) return cached.parsers;
    const parsers = fields.map((f) => types.getTypeParser(f.dataTypeID, f.format || "text"));
    if (this.cacheKey !== null) {
      if (parserCache.size >= MAX_STATEMENTS && !cached) parserCache.delete(parserCache.keys().next().value!);
      parserCache.set(this.cacheKey, { oids: fields.map((f) => f.dataTypeID), parsers });
    }
    return parsers;
  }
}
