/**
 * A tiny builder for Prisma schema text: models of fields and block attributes, each with
 * `toString()`. Columns are aligned like `prisma format` does, so the output reads well.
 */
export interface PrismaField {
  name: string;
  type: string;
  attributes: string[];
  /** `///` doc comment, shown in the generated client. */
  doc?: string;
}

export class PrismaModel {
  readonly fields: PrismaField[] = [];
  readonly blockAttributes: string[] = [];
  /** Indexes Prisma's schema language cannot state (partial ones): name → `CREATE INDEX …;`. */
  readonly sqlIndexes: Record<string, string> = {};
  constructor(
    readonly name: string,
    readonly doc?: string,
  ) {}

  addField(name: string, type: string, ...attributes: string[]): this {
    this.fields.push({ name, type, attributes: attributes.filter(Boolean) });
    return this;
  }

  addSqlIndex(name: string, sql: string): this {
    this.sqlIndexes[name] = sql;
    return this;
  }

  addBlockAttribute(attribute: string): this {
    this.blockAttributes.push(attribute);
    return this;
  }

  toString(): string {
    const nameWidth = Math.max(...this.fields.map((f) => f.name.length));
    const typeWidth = Math.max(...this.fields.map((f) => f.type.length));
    const lines = this.fields.map((f) => {
      const attrs = f.attributes.join(" ");
      const line = `  ${f.name.padEnd(nameWidth)} ${attrs ? f.type.padEnd(typeWidth) + " " + attrs : f.type}`;
      return line.trimEnd();
    });
    const blocks = this.blockAttributes.map((a) => `  ${a}`);
    const doc = this.doc
      ? this.doc
          .split("\n")
          .map((l) => `/// ${l}\n`)
          .join("")
      : "";
    return `${doc}model ${this.name} {\n${lines.join("\n")}${blocks.length ? "\n\n" + blocks.join("\n") : ""}\n}\n`;
  }
}

/** A Prisma string literal. */
export const prismaString = (value: string): string => JSON.stringify(value);
