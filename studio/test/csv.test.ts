import { expect, test } from "vitest";
import { toCsv } from "../src/core/csv.ts";

test("CSV quotes what needs quoting and defuses spreadsheet formulas", () => {
  const csv = toCsv(
    [
      {
        name: 'Ann "A" Lee',
        tags: ["a", "b"],
        price: { amount: 100, currency: "EUR" },
        note: "=SUM(A1)",
        n: -5,
        empty: null,
      },
      { name: "line\nbreak", tags: [], price: null, note: "plain, comma", n: 3 },
    ],
    ["name", "tags", "price", "note", "n", "empty"].map((key) => ({ key, header: key })),
  );
  expect(csv).toBe(
    'name,tags,price,note,n,empty\r\n"Ann ""A"" Lee",a; b,"{""amount"":100,""currency"":""EUR""}",\'=SUM(A1),-5,\r\n"line\nbreak",,,"plain, comma",3,\r\n',
  );
});
