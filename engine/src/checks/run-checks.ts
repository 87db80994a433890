import type { CheckContext, TemplateCheck } from "./check-context.ts";
import { checkAccess, checkRoles } from "./check-access.ts";
import { checkBookings } from "./check-bookings.ts";
import { checkComparisons } from "./check-comparisons.ts";
import { checkComputed } from "./check-computed.ts";
import { checkEmails, checkLocales, checkSeed } from "./check-content.ts";
import { checkConversations } from "./check-conversations.ts";
import { checkEntityReferences } from "./check-entity-refs.ts";
import { checkEntityLists } from "./check-entity-lists.ts";
import { checkExclusions } from "./check-exclusions.ts";
import { checkFields } from "./check-fields.ts";
import { checkMatching } from "./check-matching.ts";
import { checkMedia } from "./check-media.ts";
import { checkStableIds } from "./check-ids.ts";
import { checkNames } from "./check-names.ts";
import { checkRelations } from "./check-relations.ts";
import { checkSignup } from "./check-signup.ts";
import { checkWorkflows } from "./check-workflows.ts";
import { checkWords } from "./check-words.ts";

/** Every semantic check, in the order their reports read best. Each one only reports. */
export const TEMPLATE_CHECKS: readonly TemplateCheck[] = [
  checkNames,
  checkStableIds,
  checkFields,
  checkMedia,
  checkComparisons,
  checkComputed,
  checkExclusions,
  checkBookings,
  checkRelations,
  checkEntityReferences,
  checkRoles,
  checkAccess,
  checkSignup,
  checkWorkflows,
  checkConversations,
  checkEntityLists,
  checkMatching,
  checkWords,
  checkLocales,
  checkEmails,
  checkSeed,
];

export function runChecks(ctx: CheckContext): void {
  for (const check of TEMPLATE_CHECKS) check(ctx);
}
