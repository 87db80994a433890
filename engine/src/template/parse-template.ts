import { diagnostic, type Diagnostic } from "../diagnostics.ts";

export type ParseResult = { ok: true; value: unknown } | { ok: false; diagnostics: Diagnostic[] };

/** Parses template text; a syntax error becomes a diagnostic with line and column. */
export function parseTemplateText(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? lineAndColumn(text, Number(position[1])) : null;
    return {
      ok: false,
      diagnostics: [
        diagnostic(
          "ENG_JSON_PARSE",
          "",
          where ? `${message} (line ${where.line}, column ${where.column})` : message,
          "Check for a trailing comma, a missing quote or an unclosed bracket near that place.",
        ),
      ],
    };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
