/**
 * The workflow bundle's entry (bundle.ts): every export is a workflow type the worker serves.
 * One type runs every plan.
 */
export { interpretPlan } from "./interpret-plan.ts";
