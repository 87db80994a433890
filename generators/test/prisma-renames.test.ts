import { describe, expect, it } from "vitest";
import { applyPrismaRenames } from "../src/migrations/prisma-renames.ts";

const schema = `datasource db {
  provider = "postgresql"
}

enum Level {
  active
  title
}

/// A job. "title" in comments and strings stays.
model Job {
  id      String   @id(map: "job_pk") @db.Uuid
  title   String   @default("title") // title
  level   Level    @default(title)
  ownerId String   @map("owner_id") @db.Uuid
  owner   Person   @relation("JobOwner", fields: [ownerId], references: [code], map: "job_owner_fk")
  tags    String[] @default([])

  @@unique([ownerId, title], map: "job_owner_title_key")
  @@index([title(sort: Desc)], map: "job_title_idx")
  @@map("job")
}

model Person {
  id   String @id(map: "person_pk") @db.Uuid
  code String @unique(map: "person_code_key")
  jobs Job[]  @relation("JobOwner")
}
`;

describe("applyPrismaRenames", () => {
  it("renames a field in its declaration and in field lists only", () => {
    const out = applyPrismaRenames(
      schema,
      [],
      [
        { model: "Job", fromField: "title", toField: "headline", toColumn: "headline" },
        { model: "Job", fromField: "ownerId", toField: "clientId" },
      ],
    );
    expect(out).toContain(`  headline   String   @default("title") @map("headline") // title`);
    expect(out).toContain(`  level   Level    @default(title)`);
    expect(out).toContain(`  clientId String   @map("owner_id") @db.Uuid`);
    expect(out).toContain(`@relation("JobOwner", fields: [clientId], references: [code], map: "job_owner_fk")`);
    expect(out).toContain(`@@unique([clientId, headline], map: "job_owner_title_key")`);
    expect(out).toContain(`@@index([headline(sort: Desc)], map: "job_title_idx")`);
    expect(out).toContain(`/// A job. "title" in comments and strings stays.`);
    expect(out).toContain(`  active\n  title\n`);
  });

  it("renames a referenced field of another model inside references: [...]", () => {
    const out = applyPrismaRenames(
      schema,
      [],
      [{ model: "Person", fromField: "code", toField: "ref", toColumn: "ref" }],
    );
    expect(out).toContain(`references: [ref]`);
    expect(out).toContain(`  ref String @unique(map: "person_code_key") @map("ref")`);
  });

  it("renames a model in its header and in field types, and rewrites or adds @@map", () => {
    const out = applyPrismaRenames(
      schema,
      [
        { fromModel: "Job", toModel: "Gig", toTable: "gig" },
        { fromModel: "Person", toModel: "Member", toTable: "member" },
      ],
      [],
    );
    expect(out).toContain("model Gig {");
    expect(out).toContain("model Member {");
    expect(out).toContain(`  owner   Member   @relation(`);
    expect(out).toContain(`  jobs Gig[]  @relation("JobOwner")`);
    expect(out).toContain(`  @@map("gig")\n}`);
    expect(out).toContain(`  jobs Gig[]  @relation("JobOwner")\n  @@map("member")\n}`);
  });

  it("swaps two field names in one pass", () => {
    const src = `model T {\n  a Int\n  b Int\n\n  @@index([a, b])\n}\n`;
    const out = applyPrismaRenames(
      src,
      [],
      [
        { model: "T", fromField: "a", toField: "b" },
        { model: "T", fromField: "b", toField: "a" },
      ],
    );
    expect(out).toBe(`model T {\n  b Int\n  a Int\n\n  @@index([b, a])\n}\n`);
  });
});
