import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/**
 * Extensions every embedded database loads: the generated migrations run
 * `CREATE EXTENSION IF NOT EXISTS pg_trgm` (the trigram fallback of `q` search), which PGlite
 * can only do for extensions given to its constructor.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };
