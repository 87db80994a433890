import { lazy, Suspense, type ComponentType } from "react";
import type { Route } from "../../core/router.ts";
import { EntityListPage } from "../admin/EntityListPage.tsx";
import {
  AcceptInvitationPage,
  ForgotPasswordPage,
  LoginPage,
  ResetPasswordPage,
  SignupPage,
  VerifyEmailPage,
} from "../auth/AuthPages.tsx";
import { SessionPage } from "../platform/SessionPage.tsx";
import { ErrorNote, Loading, PageHeader } from "./PageStates.tsx";

/** Code-split pages: the first screen (an entity list) ships without them. */
function page<P>(load: () => Promise<Record<string, ComponentType<P>>>, name: string) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const RecordDetailPage = page(() => import("../admin/RecordDetailPage.tsx"), "RecordDetailPage");
const RecordFormPage = page(() => import("../admin/RecordFormPage.tsx"), "RecordFormPage");
const EndUserFormsPage = page(() => import("../end-user/EndUserFormsPage.tsx"), "EndUserFormsPage");
const EndUserFormPage = page(() => import("../end-user/EndUserFormPage.tsx"), "EndUserFormPage");
const SchemaDesignerPage = page(() => import("../designer/SchemaDesignerPage.tsx"), "SchemaDesignerPage");
const RelationshipPage = page(() => import("../relations/RelationshipPage.tsx"), "RelationshipPage");
const WorkflowEditorPage = page(() => import("../workflows/WorkflowEditorPage.tsx"), "WorkflowEditorPage");
const TemplateManagerPage = page(() => import("../templates/TemplateManagerPage.tsx"), "TemplateManagerPage");
const ExtensionFieldsPage = page(() => import("../templates/ExtensionFieldsPage.tsx"), "ExtensionFieldsPage");
const AuditLogPage = page(() => import("../audit/AuditLogPage.tsx"), "AuditLogPage");
const InvitationsPage = page(() => import("../invitations/InvitationsPage.tsx"), "InvitationsPage");
const EmailTemplatesPage = page(() => import("../email/EmailTemplatesPage.tsx"), "EmailTemplatesPage");
const EmailDeliveriesPage = page(() => import("../email/EmailDeliveriesPage.tsx"), "EmailDeliveriesPage");
const MailOutboxPage = page(() => import("../email/MailOutboxPage.tsx"), "MailOutboxPage");
const TaskInboxPage = page(() => import("../workflows/TaskInboxPage.tsx"), "TaskInboxPage");
const WorkflowRunsPage = page(() => import("../workflows/WorkflowRunsPage.tsx"), "WorkflowRunsPage");
const WorkflowRunPage = page(() => import("../workflows/WorkflowRunPage.tsx"), "WorkflowRunPage");
const InboxPage = page(() => import("../messaging/InboxPage.tsx"), "InboxPage");
const TagManagerPage = page(() => import("../tags/TagManagerPage.tsx"), "TagManagerPage");
const BrandingPage = page(() => import("../branding/BrandingPage.tsx"), "BrandingPage");
const SavedSearchesPage = page(() => import("../saved-searches/SavedSearchesPage.tsx"), "SavedSearchesPage");
const ConversationPage = page(() => import("../messaging/ConversationPage.tsx"), "ConversationPage");
const ModerationPage = page(() => import("../messaging/ModerationPage.tsx"), "ModerationPage");
const TenantsPage = page(() => import("../platform/TenantsPage.tsx"), "TenantsPage");

export function RoutePage({ route }: { route: Route }) {
  return (
    <Suspense fallback={<Loading />}>
      <RouteSwitch route={route} />
    </Suspense>
  );
}

function RouteSwitch({ route }: { route: Route }) {
  switch (route.name) {
    case "home":
      return <Loading />;
    case "session":
      return <SessionPage />;
    case "login":
      return <LoginPage key="tenant" />;
    case "platform-login":
      return <LoginPage key="platform" tier="platform" />;
    case "forgot-password":
      return <ForgotPasswordPage key={route.tier ?? "tenant"} tier={route.tier} />;
    case "reset-password":
      return <ResetPasswordPage key={route.tier ?? "tenant"} tier={route.tier} />;
    case "accept-invitation":
      return <AcceptInvitationPage />;
    case "signup":
      return <SignupPage />;
    case "verify-email":
      return <VerifyEmailPage />;
    case "audit":
      return <AuditLogPage />;
    case "invitations":
      return <InvitationsPage />;
    case "email-templates":
      return <EmailTemplatesPage key={route.key ?? ""} emailKey={route.key} />;
    case "email-deliveries":
      return <EmailDeliveriesPage />;
    case "email-outbox":
      return <MailOutboxPage />;
    case "tasks":
      return <TaskInboxPage />;
    case "tags":
      return <TagManagerPage />;
    case "branding":
      return <BrandingPage />;
    case "saved-searches":
      return <SavedSearchesPage />;
    case "messages":
      return <InboxPage />;
    case "conversation":
      return <ConversationPage key={route.id} id={route.id} />;
    case "moderation":
      return <ModerationPage />;
    case "workflow-runs":
      return <WorkflowRunsPage />;
    case "workflow-run":
      return <WorkflowRunPage key={route.id} id={route.id} />;
    case "platform":
      return <TenantsPage />;
    case "list":
      return (
        <EntityListPage
          key={`${route.template}/${route.entity}`}
          templateId={route.template}
          entityName={route.entity}
        />
      );
    case "new":
      return (
        <RecordFormPage
          key={`${route.template}/${route.entity}/new`}
          templateId={route.template}
          entityName={route.entity}
          recordId={null}
        />
      );
    case "edit":
      return (
        <RecordFormPage
          key={`${route.template}/${route.entity}/${route.id}`}
          templateId={route.template}
          entityName={route.entity}
          recordId={route.id}
        />
      );
    case "detail":
      return (
        <RecordDetailPage
          key={`${route.template}/${route.entity}/${route.id}`}
          templateId={route.template}
          entityName={route.entity}
          recordId={route.id}
        />
      );
    case "forms":
      return <EndUserFormsPage templateId={route.template} />;
    case "form":
      return (
        <EndUserFormPage
          key={`${route.template}/${route.entity}`}
          templateId={route.template}
          entityName={route.entity}
        />
      );
    case "designer":
      return <SchemaDesignerPage templateId={route.template} entityName={route.entity} />;
    case "relations":
      return <RelationshipPage templateId={route.template} />;
    case "workflows":
      return <WorkflowEditorPage templateId={route.template} workflowName={route.workflow} />;
    case "templates":
      return <TemplateManagerPage />;
    case "extensions":
      return <ExtensionFieldsPage templateId={route.template} entityName={route.entity} />;
    case "not-found":
      return (
        <>
          <PageHeader title="Page not found" />
          <ErrorNote title="There is no studio page here">{route.path}</ErrorNote>
        </>
      );
  }
}
