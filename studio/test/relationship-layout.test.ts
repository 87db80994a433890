import { expect, test } from "vitest";
import { layeredLayout } from "../src/core/relationship-layout.ts";

test("referenced entities sit in earlier layers; cycles do not hang the layout", () => {
  const layout = layeredLayout(
    ["Job", "Category", "Application", "Profile"],
    [
      { source: "Job", target: "Category" },
      { source: "Application", target: "Job" },
      { source: "Application", target: "Profile" },
      { source: "Profile", target: "Application" },
    ],
  );
  expect(layout.get("Category")!.layer).toBe(0);
  expect(layout.get("Job")!.layer).toBe(1);
  expect(layout.get("Application")!.layer).toBeGreaterThan(layout.get("Job")!.layer);
  const positions = [...layout.values()].map((p) => `${p.x},${p.y}`);
  expect(new Set(positions).size).toBe(positions.length);
});
