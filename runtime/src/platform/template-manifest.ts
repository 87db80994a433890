import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";

/** What a tenant got when it installed a template: kept with the install, compared on upgrade. */
export interface TemplateManifest {
  version: string;
  entities: Record<string, { fields: string[] }>;
  seed: Record<string, number>;
}

export function buildManifest(template: TemplateRegistry): TemplateManifest {
  return {
    version: template.version,
    entities: Object.fromEntries(template.entities.map((e) => [e.name, { fields: e.fields.map((f) => f.name) }])),
    seed: Object.fromEntries(template.seed.map((s) => [s.entity, s.records.length])),
  };
}

export interface UpgradePreview {
  templateId: string;
  fromVersion: string;
  toVersion: string;
  entitiesAdded: string[];
  entitiesRemoved: string[];
  fieldsAdded: Record<string, string[]>;
  fieldsRemoved: Record<string, string[]>;
  /** Seed records the upgrade adds, by entity. */
  seedAdded: Record<string, number>;
  /** Something the tenant has could disappear: needs an explicit confirmation. */
  breaking: boolean;
}

/** The difference between what a tenant installed and the template the platform now serves. */
export function previewUpgrade(installed: TemplateManifest, template: TemplateRegistry): UpgradePreview {
  const next = buildManifest(template);
  const before = Object.keys(installed.entities ?? {});
  const after = Object.keys(next.entities);
  const fieldsAdded: Record<string, string[]> = {};
  const fieldsRemoved: Record<string, string[]> = {};
  for (const name of after.filter((n) => before.includes(n))) {
    const old = installed.entities[name].fields;
    const added = next.entities[name].fields.filter((f) => !old.includes(f));
    const removed = old.filter((f) => !next.entities[name].fields.includes(f));
    if (added.length) fieldsAdded[name] = added;
    if (removed.length) fieldsRemoved[name] = removed;
  }
  const seedAdded: Record<string, number> = {};
  for (const [entity, count] of Object.entries(next.seed)) {
    const extra = count - (installed.seed?.[entity] ?? 0);
    if (extra > 0) seedAdded[entity] = extra;
  }
  const entitiesRemoved = before.filter((n) => !after.includes(n));
  return {
    templateId: template.id,
    fromVersion: installed.version,
    toVersion: next.version,
    entitiesAdded: after.filter((n) => !before.includes(n)),
    entitiesRemoved,
    fieldsAdded,
    fieldsRemoved,
    seedAdded,
    breaking: entitiesRemoved.length > 0 || Object.keys(fieldsRemoved).length > 0,
  };
}
