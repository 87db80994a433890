/**
 * A STAND-IN for the runtime's implementation of the interpreter's activities
 * (runtime/src/workflows/temporal/activities.ts), over in-memory stores, for tests only: no
 * Temporal server runs here, so the activities are exercised with MockActivityEnvironment
 * (workflow-temporal-activities.test.ts). It keeps the contract the real one must keep — every
 * read and write filtered by tenant, every effect deduplicated on the step key, a webhook call
 * stopped by the activity's cancellation, errors retrying cannot fix thrown as non-retryable.
 */
import { ApplicationFailure, Context } from "@temporalio/activity";
import type { PlanParty, WorkflowPlan } from "../../../engine/src/contract/workflow-plan.ts";
import type {
  AssignUserInput,
  CallWebhookInput,
  CloseTaskInput,
  LoadContextInput,
  LoadPlanInput,
  OpenTaskInput,
  PlanActivities,
  RecordContext,
  RunRef,
  SendEmailInput,
  SetStatusInput,
  SignalRunsInput,
  TaskClosing,
  UpdateRecordInput,
} from "../../src/workflows/temporal/activities.ts";

type Row = Record<string, unknown> & { id: string; createdBy?: string };

export interface MemoryUser {
  readonly tenantId: string;
  readonly id: string;
  readonly email: string;
  readonly roles: readonly string[];
}

/** A webhook receiver: resolves when it took the delivery, throws when it refused it. */
export type Receiver = (
  delivery: { url: string; headers: Record<string, string>; body: unknown },
  signal: AbortSignal,
) => Promise<void>;

export interface MemoryStores {
  /** tenantId → entity → id → row */
  readonly records: Map<string, Map<string, Map<string, Row>>>;
  /** entity → relation name → { entity, field }: a many-to-one relation by its foreign-key field. */
  readonly relations: Record<string, Record<string, { entity: string; field: string }>>;
  readonly users: MemoryUser[];
  readonly settings: Map<string, Record<string, unknown>>;
  /** tenantId → event → subscribed URLs */
  readonly subscriptions: Map<string, Record<string, string[]>>;
  readonly plans: Map<string, WorkflowPlan>;
  /** Every effect, keyed `<tenantId>:<step key>`: the dedupe log. */
  readonly effects: Map<string, { kind: string; result: unknown }>;
  readonly emails: { tenantId: string; to: string; template: string; dedupeKey: string; locale: string | null }[];
  readonly deliveries: { tenantId: string; url: string; headers: Record<string, string>; body: unknown }[];
  readonly tasks: Map<
    string,
    { tenantId: string; id: string; assigneeIds: string[]; status: "open" | TaskClosing; dueAt: string | null }
  >;
  receiver: Receiver;
  /** Runs waiting for an event on a record, and the events signal nodes delivered to them. */
  readonly waiting: {
    tenantId: string;
    instanceId: string;
    entity: string;
    recordId: string;
    event: string;
    since: string;
  }[];
  readonly signalled: { tenantId: string; instanceId: string; event: string; id: string }[];
}

export function memoryStores(): MemoryStores {
  return {
    records: new Map(),
    relations: {},
    users: [],
    settings: new Map(),
    subscriptions: new Map(),
    plans: new Map(),
    effects: new Map(),
    emails: [],
    deliveries: [],
    tasks: new Map(),
    receiver: async () => {},
    waiting: [],
    signalled: [],
  };
}

export function putRecord(stores: MemoryStores, tenantId: string, entity: string, row: Row): void {
  const byEntity = stores.records.get(tenantId) ?? new Map<string, Map<string, Row>>();
  stores.records.set(tenantId, byEntity);
  const rows = byEntity.get(entity) ?? new Map<string, Row>();
  byEntity.set(entity, rows);
  rows.set(row.id, { ...row });
}

export function getRecord(stores: MemoryStores, tenantId: string, entity: string, id: string): Row | null {
  return stores.records.get(tenantId)?.get(entity)?.get(id) ?? null;
}

const notFound = (what: string) => ApplicationFailure.nonRetryable(`${what} not found`, "NotFound");

export function memoryActivities(stores: MemoryStores): PlanActivities {
  let roundRobin = 0;

  const recordOf = (run: RunRef): Row => {
    if (run.entity === null || run.recordId === null) throw notFound("the run's record");
    const row = getRecord(stores, run.tenantId, run.entity, run.recordId);
    if (row === null) throw notFound(`${run.entity} ${run.recordId}`);
    return row;
  };

  /** Runs `effect` once per step key; a retry returns the first result. */
  const once = async <T>(tenantId: string, key: string, kind: string, effect: () => Promise<T> | T): Promise<T> => {
    const id = `${tenantId}:${key}`;
    const done = stores.effects.get(id);
    if (done !== undefined) return done.result as T;
    const result = await effect();
    stores.effects.set(id, { kind, result });
    return result;
  };

  const follow = (tenantId: string, entity: string, row: Row | null, path: readonly string[]): Row | null => {
    let current = row;
    let currentEntity = entity;
    for (const name of path) {
      const relation = stores.relations[currentEntity]?.[name];
      if (current === null || relation === undefined) return null;
      const id = current[relation.field];
      current = typeof id === "string" ? getRecord(stores, tenantId, relation.entity, id) : null;
      currentEntity = relation.entity;
    }
    return current;
  };

  const recipients = (run: RunRef, record: Row, parties: readonly PlanParty[]): string[] => {
    const out = new Set<string>();
    const inTenant = stores.users.filter((u) => u.tenantId === run.tenantId);
    for (const party of parties) {
      if (party.kind === "role") inTenant.filter((u) => u.roles.includes(party.role)).forEach((u) => out.add(u.email));
      if (party.kind === "owner" || party.kind === "user-field") {
        const target = follow(run.tenantId, run.entity!, record, party.path);
        const userId = party.kind === "owner" ? target?.createdBy : target?.[party.field];
        const user = inTenant.find((u) => u.id === userId);
        if (user) out.add(user.email);
      }
      if (party.kind === "email-field") {
        const address = follow(run.tenantId, run.entity!, record, party.path)?.[party.field];
        if (typeof address === "string") out.add(address);
      }
    }
    return [...out];
  };

  return {
    async loadContext({ run, reads }: LoadContextInput): Promise<RecordContext> {
      const record = run.entity && run.recordId ? getRecord(stores, run.tenantId, run.entity, run.recordId) : null;
      const related: Record<string, unknown> = {};
      for (const path of reads) {
        if (path[0] === "record" || path[0] === "tenant" || record === null) continue;
        // Nest each relation a read crosses: job.account.name loads job, then job's account.
        let holder: Record<string, unknown> = related;
        for (let i = 1; i < path.length; i++) {
          const name = path[i - 1];
          const row = follow(run.tenantId, run.entity!, record, path.slice(0, i));
          if (row === null) break;
          holder[name] = { ...row, ...((holder[name] as object) ?? {}) };
          holder = holder[name] as Record<string, unknown>;
        }
      }
      return {
        record: record ? { ...record } : null,
        related,
        tenantSettings: stores.settings.get(run.tenantId) ?? {},
      };
    },

    async setStatus({ step, field, status }: SetStatusInput) {
      await once(step.tenantId, step.key, "status", () => {
        recordOf(step)[field] = status;
      });
    },

    async updateRecord({ step, values }: UpdateRecordInput) {
      await once(step.tenantId, step.key, "update", () => {
        Object.assign(recordOf(step), values);
      });
    },

    async sendEmail({ step, template, to, locale }: SendEmailInput) {
      return once(step.tenantId, step.key, "email", () => {
        const addresses = recipients(step, recordOf(step), to);
        for (const address of addresses)
          stores.emails.push({ tenantId: step.tenantId, to: address, template, dedupeKey: step.key, locale });
        return { messages: addresses.length };
      });
    },

    async callWebhook({ step, event, method, context }: CallWebhookInput) {
      // Not deduplicated here: a webhook is the one effect outside the store. It goes out again
      // on a retry with the same Idempotency-Key, and receivers dedupe.
      const urls = stores.subscriptions.get(step.tenantId)?.[event] ?? [];
      const record = recordOf(step);
      const { cancellationSignal: signal, info } = Context.current();
      for (const url of urls) {
        Context.current().heartbeat(url); // a server delivers cancellation on heartbeats only
        const delivery = {
          url,
          headers: { "idempotency-key": step.key, "x-mono-attempt": String(info.attempt), "x-mono-method": method },
          body: { event, record, context },
        };
        await stores.receiver(delivery, signal);
        stores.deliveries.push({ tenantId: step.tenantId, ...delivery });
      }
      return { delivered: urls.length };
    },

    async assignUser({ step, field, role, strategy }: AssignUserInput) {
      return once(step.tenantId, step.key, "assign", () => {
        const candidates = stores.users.filter((u) => u.tenantId === step.tenantId && u.roles.includes(role));
        if (candidates.length === 0) return { userId: null };
        const openCount = (id: string) =>
          [...stores.tasks.values()].filter(
            (t) => t.tenantId === step.tenantId && t.status === "open" && t.assigneeIds.includes(id),
          ).length;
        const user =
          strategy === "round-robin"
            ? candidates[roundRobin++ % candidates.length]
            : [...candidates].sort((a, b) => openCount(a.id) - openCount(b.id) || a.id.localeCompare(b.id))[0];
        recordOf(step)[field] = user.id;
        return { userId: user.id };
      });
    },

    async openTask({ step, assignees, excludeAuthor, dueAt }: OpenTaskInput) {
      return once(step.tenantId, step.key, "task", () => {
        const record = recordOf(step);
        const emails = new Set(recipients(step, record, assignees));
        const assigneeIds = stores.users
          .filter((u) => u.tenantId === step.tenantId && emails.has(u.email))
          .filter((u) => !excludeAuthor || u.id !== record.createdBy)
          .map((u) => u.id);
        const id = `task-${stores.tasks.size + 1}`;
        stores.tasks.set(id, { tenantId: step.tenantId, id, assigneeIds, status: "open", dueAt });
        return { taskId: id };
      });
    },

    async closeTask({ step, taskId, status }: CloseTaskInput) {
      const task = stores.tasks.get(taskId);
      if (task === undefined || task.tenantId !== step.tenantId) throw notFound(`task ${taskId}`);
      if (task.status === "open") task.status = status;
    },

    async signalRuns({ step, event, to, limit }: SignalRunsInput) {
      return once(step.tenantId, step.key, "signal", () => {
        const at = follow(step.tenantId, step.entity!, recordOf(step), to.path);
        if (at === null) return { signalled: [] };
        const targets = new Set(
          [...(stores.records.get(step.tenantId)?.get(to.entity)?.values() ?? [])]
            .filter((row) => row[to.foreignKey] === at.id && row.id !== step.recordId)
            .map((row) => row.id),
        );
        const runs = stores.waiting
          .filter((w) => w.tenantId === step.tenantId && w.entity === to.entity && w.event === event)
          .filter((w) => targets.has(w.recordId))
          .sort((a, b) => a.since.localeCompare(b.since))
          .slice(0, limit ?? undefined);
        for (const w of runs)
          stores.signalled.push({
            tenantId: step.tenantId,
            instanceId: w.instanceId,
            event,
            id: `${step.key}:${w.instanceId}`,
          });
        return { signalled: runs.map((w) => w.instanceId) };
      });
    },

    async loadPlan({ run, workflow }: LoadPlanInput) {
      const plan = stores.plans.get(`${run.tenantId}:${workflow}`);
      if (plan === undefined) throw notFound(`workflow ${workflow}`);
      return plan;
    },
  };
}
