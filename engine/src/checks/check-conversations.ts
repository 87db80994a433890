import { diagnostic, ptr } from "../diagnostics.ts";
import type { EntityIR, TemplateIR } from "../ir/types.ts";
import type { PlanParty } from "../contract/workflow-plan.ts";
import { resolveParty, type GrammarProblem } from "../workflows/config-grammar.ts";
import type { CheckContext } from "./check-context.ts";

/**
 * A conversation party (docs/templates.md#conversations): the workflow grammar, limited to users
 * (no `system`, no email fields: a participant reads and writes messages).
 */
export function resolveConversationParty(
  template: TemplateIR,
  entity: EntityIR,
  text: string,
): { ok: true; value: PlanParty } | { ok: false; problem: GrammarProblem } {
  if (text === "system")
    return {
      ok: false,
      problem: {
        code: "ENG_CONVERSATION_PARTY_UNKNOWN",
        message: `"system" takes part in no conversation.`,
        hint: "Name a role, the record's owner, an account or a user-id field.",
      },
    };
  const r = resolveParty({ template, entity }, text, "recipient");
  if (!r.ok) return { ok: false, problem: { ...r.problem, code: "ENG_CONVERSATION_PARTY_UNKNOWN" } };
  if (r.value.kind === "email-field")
    return {
      ok: false,
      problem: {
        code: "ENG_CONVERSATION_PARTY_UNKNOWN",
        message: `"${text}" is an email address; only users take part in conversations.`,
        hint: "Name a user-id field, the owner, an account or a role.",
      },
    };
  return r;
}

/** The resolved parties of a conversation list (what the registry publishes); unresolvable ones are left out. */
export function conversationParties(template: TemplateIR, entity: EntityIR, texts: readonly string[]): PlanParty[] {
  return texts.flatMap((t) => {
    const r = resolveConversationParty(template, entity, t);
    return r.ok ? [r.value] : [];
  });
}

/** Every participant and moderator of an entity's `conversation` names a party of that entity. */
export function checkConversations({ ir, report }: CheckContext): void {
  for (const entity of ir.entities) {
    const conversation = entity.conversation;
    if (!conversation) continue;
    const lists = [
      ["participants", conversation.participants, conversation.participantsListed],
      ["moderators", conversation.moderators, conversation.moderatorsListed],
    ] as const;
    for (const [key, texts, listed] of lists) {
      texts.forEach((text, i) => {
        const r = resolveConversationParty(ir, entity, text);
        if (r.ok) return;
        const at = listed ? ptr(conversation.pointer, key, i) : ptr(conversation.pointer, key);
        report(diagnostic(r.problem.code, at, r.problem.message, r.problem.hint));
      });
    }
  }
}
