/**
 * Prisma's schema engine (WASM) used only for `diff` between two datamodels. A diff of two
 * Prisma texts needs no database, so the engine gets an offline driver adapter that answers the
 * single version probe it sends on connect and refuses everything else: migrations are created
 * without a server and without booting PGlite.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
} from "@prisma/driver-adapter-utils";

const EMPTY_MIGRATION = "-- This is an empty migration.";

/** The empty database as a datamodel; also what `SchemaEngine.new` parses at boot. */
const BOOT_SCHEMA = `datasource db {
  provider = "postgresql"
}
`;

let wasmReady: Promise<void> | undefined;

/** Instantiates the WASM once per process (~25 ms), on first use. */
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    // Only the .wasm file must be read by path; the JS glue is an exported subpath.
    const wasmPath = createRequire(import.meta.url)
      .resolve("@prisma/schema-engine-wasm")
      .replace(/schema_engine\.js$/, "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    const glue = bg as unknown as { __wbg_set_wasm(exports: WebAssembly.Exports): void };
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  })();
  return wasmReady;
}

function offline(): never {
  throw new Error("mono: the offline schema engine adapter has no database (diff only)");
}

/** An adapter that answers only the engine's connect-time version probe. */
function offlineAdapter(): SqlDriverAdapter {
  return {
    provider: "postgres",
    adapterName: "mono-offline",
    async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
      if (query.sql.includes("server_version_num")) {
        return {
          columnNames: ["exists", "version", "numeric_version"],
          columnTypes: [5, 7, 0],
          rows: [[true, "PostgreSQL 15.0", 150000]],
        };
      }
      return offline();
    },
    executeRaw: async () => offline(),
    executeScript: async () => offline(),
    startTransaction: async () => offline(),
    getConnectionInfo: () => ({ schemaName: "public", supportsRelationJoins: true }),
    dispose: async () => {},
  };
}

const offlineFactory: SqlMigrationAwareDriverAdapterFactory = {
  provider: "postgres",
  adapterName: "mono-offline",
  connect: async () => offlineAdapter(),
  connectToShadowDb: async () => offlineAdapter(),
};

let enginePromise: Promise<SchemaEngine> | undefined;

function engine(): Promise<SchemaEngine> {
  enginePromise ??= loadWasm().then(() =>
    (bg as unknown as { SchemaEngine: typeof SchemaEngine }).SchemaEngine.new(
      { datamodels: [["schema.prisma", BOOT_SCHEMA]] },
      () => {},
      bindMigrationAwareSqlAdapterFactory(offlineFactory),
    ),
  );
  // A failed boot must not poison later calls.
  enginePromise.catch(() => (enginePromise = undefined));
  return enginePromise;
}

/**
 * SQL that turns the database of Prisma schema `from` into that of `to` (null = empty database,
 * so `to = null` gives the script that drops everything `from` created).
 * Returns "" when there is nothing to change.
 */
export async function diffSchemas(from: string | null, to: string | null): Promise<string> {
  // Comments (doc comments hold labels) never reach the database: skip the ~50 ms engine call.
  if (withoutComments(from ?? BOOT_SCHEMA) === withoutComments(to ?? BOOT_SCHEMA)) return "";
  const e = await engine();
  const params = {
    // A datasource-only schema rather than `{ tag: "empty" }`: the latter adds
    // `CREATE SCHEMA "public"` and schema-qualifies every name.
    from: datamodel(from ?? BOOT_SCHEMA),
    to: datamodel(to ?? BOOT_SCHEMA),
    script: true,
    shadowDatabaseUrl: null,
    exitCode: true,
    filters: { externalTables: [], externalEnums: [] },
  };
  const { exitCode, stdout } = await e.diff(params);
  const sql = (stdout ?? "").trim();
  if (exitCode === 0 || sql === "" || sql === EMPTY_MIGRATION) return "";
  return tenantSafeSetNull(sql) + "\n";
}

/**
 * Prisma writes `ON DELETE SET NULL` for an optional relation, which nulls every column of the
 * foreign key: on a composite (tenantId, x) → (tenantId, id) key that would null tenantId too
 * (NOT NULL, so the delete would fail). PostgreSQL 15's column list nulls only the reference.
 */
export function tenantSafeSetNull(sql: string): string {
  return sql.replace(
    /FOREIGN KEY \(([^)]*)\) (REFERENCES "[^"]+"\([^)]*\)) ON DELETE SET NULL(?! \()/g,
    (all: string, columns: string, references: string) => {
      const list = columns.split(", ");
      if (!list.includes('"tenantId"') || list.length < 2) return all;
      const nulled = list.filter((c) => c !== '"tenantId"').join(", ");
      return `FOREIGN KEY (${columns}) ${references} ON DELETE SET NULL (${nulled})`;
    },
  );
}

/** The schema without its whole-line `//` and `///` comments (Prisma has no multi-line strings). */
function withoutComments(schema: string): string {
  return schema.replace(/^[ \t]*\/\/.*$/gm, "");
}

function datamodel(content: string) {
  return { tag: "schemaDatamodel" as const, files: [{ path: "schema.prisma", content }] };
}
