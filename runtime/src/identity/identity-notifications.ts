import type { NotificationInput } from "../notifications/notifier.ts";

/**
 * The in-app notifications of identity events (runtime/src/notifications), in the platform's
 * languages. `welcome` is never emailed: the welcome mail is its email.
 */
export const welcomeNotification = (userId: string, site: string, locale: string): NotificationInput => ({
  kind: "welcome",
  locale,
  title: { en: `Welcome to ${site}`, de: `Willkommen bei ${site}` },
  body: { en: "Your account is ready.", de: "Dein Konto ist bereit." },
  dedupeKey: `welcome:${userId}`,
  email: false,
});

export const invitationAcceptedNotification = (
  invitationId: string,
  who: { name: string; email: string },
): NotificationInput => ({
  kind: "invitation-accepted",
  title: {
    en: `${who.name} accepted your invitation`,
    de: `${who.name} hat deine Einladung angenommen`,
  },
  body: { en: `${who.email} is now a member.`, de: `${who.email} ist jetzt dabei.` },
  dedupeKey: `invitation-accepted:${invitationId}`,
});
