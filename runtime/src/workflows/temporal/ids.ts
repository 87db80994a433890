/**
 * The uuids a Temporal run's rows carry: a step has no `workflow_step` row (its history is
 * Temporal's), so its tasks and effect rows name it by `stepUuid(step.key)`; a child run's
 * instance id is its parent step's key, stored as `instanceUuid(key)`. Both the same on every
 * attempt and replay.
 */
import { createHash } from "node:crypto";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stable uuid for a name (SHA-256, formatted as a version-5-style uuid). */
function derivedUuid(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The uuid a Temporal step's tasks and effect rows carry as `stepId`. */
export function stepUuid(key: string): string {
  return derivedUuid(`mono-temporal-step:${key}`);
}

/** The instance id as stored: a top-level run's row id itself, a child run's derived from its key. */
export function instanceUuid(instanceId: string): string {
  return UUID.test(instanceId) ? instanceId : derivedUuid(`mono-temporal-instance:${instanceId}`);
}
