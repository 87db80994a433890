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

test("CSV cells of labelled enum columns read as the labels; unlabelled values stay as they are", () => {
  const labels = { published: "Veröffentlicht", vip: "VIP-Gast" };
  const csv = toCsv(
    [
      { status: "published", tags: ["vip", "late"] },
      { status: "gone", tags: [] },
    ],
    [
      { key: "status", header: "Status", valueLabels: labels },
      { key: "tags", header: "Tags", valueLabels: labels },
    ],
  );
  expect(csv).toBe("Status,Tags\r\nVeröffentlicht,VIP-Gast; late\r\ngone,\r\n");
});
