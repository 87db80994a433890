/**
 * The platform's own emails (the lowest of the three levels: a template's email of the same
 * name, then a tenant's override, win over these). Each extends the base layout, so the
 * tenant's branding frames it. Links carry tokens in the URL fragment, which browsers never
 * send to servers, so they stay out of access logs and Referer headers.
 */
export interface SystemEmail {
  readonly subject: Readonly<Record<string, string>>;
  readonly mjml: Readonly<Record<string, string>>;
  readonly variables: readonly string[];
}

const body = (lines: string, button: string, after: string) =>
  `{% extends "base" %}{% block preview %}{{ site }}{% endblock %}{% block content %}${lines}` +
  `<mono-button href="{{ url }}">${button}</mono-button>` +
  `<mj-text font-size="13px" color="#52525b">{{ url }}</mj-text><mj-text font-size="13px" color="#52525b">${after}</mj-text>{% endblock %}`;

export const SYSTEM_EMAILS: Readonly<Record<string, SystemEmail>> = {
  "verify-email": {
    subject: { en: "Confirm your email address for {{ site }}", de: "Bestätige deine E-Mail-Adresse für {{ site }}" },
    mjml: {
      en: body(
        "<mj-text>Welcome to {{ site }}.<br />Confirm your email address by opening this link:</mj-text>",
        "Confirm email address",
        "The link works once and expires in {{ ttl }}. If you did not sign up, ignore this email.",
      ),
      de: body(
        "<mj-text>Willkommen bei {{ site }}.<br />Bestätige deine E-Mail-Adresse über diesen Link:</mj-text>",
        "E-Mail-Adresse bestätigen",
        "Der Link funktioniert einmal und läuft in {{ ttl }} ab. Wenn du dich nicht registriert hast, ignoriere diese E-Mail.",
      ),
    },
    variables: ["site", "url", "ttl"],
  },
  "password-reset": {
    subject: { en: "Reset your {{ site }} password", de: "Setze dein Passwort für {{ site }} zurück" },
    mjml: {
      en: body(
        "<mj-text>Someone (hopefully you) asked to reset your password.<br />Choose a new one here:</mj-text>",
        "Choose a new password",
        "The link works once and expires in {{ ttl }}. If you did not ask for it, ignore this email: your password stays as it is.",
      ),
      de: body(
        "<mj-text>Jemand (hoffentlich du) möchte dein Passwort zurücksetzen.<br />Wähle hier ein neues:</mj-text>",
        "Neues Passwort wählen",
        "Der Link funktioniert einmal und läuft in {{ ttl }} ab. Wenn du das nicht angefordert hast, ignoriere diese E-Mail: dein Passwort bleibt, wie es ist.",
      ),
    },
    variables: ["site", "url", "ttl"],
  },
  invitation: {
    subject: { en: "{{ inviter }} invited you to {{ site }}", de: "{{ inviter }} hat dich zu {{ site }} eingeladen" },
    mjml: {
      en: body(
        "<mj-text>{{ inviter }} invited you to join {{ site }} as {{ role }}.<br />Accept the invitation here:</mj-text>",
        "Accept the invitation",
        "The invitation works once and expires in {{ ttl }}.",
      ),
      de: body(
        "<mj-text>{{ inviter }} hat dich eingeladen, {{ site }} als {{ role }} beizutreten.<br />Nimm die Einladung hier an:</mj-text>",
        "Einladung annehmen",
        "Die Einladung funktioniert einmal und läuft in {{ ttl }} ab.",
      ),
    },
    variables: ["site", "url", "ttl", "inviter", "role"],
  },
  welcome: {
    subject: { en: "Welcome to {{ site }}", de: "Willkommen bei {{ site }}" },
    mjml: {
      en: body(
        "<mj-text>Hi {{ name }},<br />your email address is confirmed and your {{ site }} account is ready.</mj-text>",
        "Open {{ site }}",
        "You receive this email once, when your account is ready.",
      ),
      de: body(
        "<mj-text>Hallo {{ name }},<br />deine E-Mail-Adresse ist bestätigt und dein Konto bei {{ site }} ist bereit.</mj-text>",
        "{{ site }} öffnen",
        "Du erhältst diese E-Mail einmal, wenn dein Konto bereit ist.",
      ),
    },
    variables: ["site", "url", "name"],
  },
  // A notification still unread after the tenant's delay (runtime/src/notifications).
  notification: {
    subject: { en: "{{ title }}", de: "{{ title }}" },
    mjml: {
      en: body(
        '<mj-text font-weight="bold">{{ title }}</mj-text>{% if body %}<mj-text>{{ body }}</mj-text>{% endif %}',
        "Open {{ site }}",
        "You receive this email because the notification was still unread. Choose which notifications are emailed in your notification settings.",
      ),
      de: body(
        '<mj-text font-weight="bold">{{ title }}</mj-text>{% if body %}<mj-text>{{ body }}</mj-text>{% endif %}',
        "{{ site }} öffnen",
        "Du erhältst diese E-Mail, weil die Benachrichtigung noch ungelesen war. In deinen Benachrichtigungseinstellungen wählst du, welche per E-Mail kommen.",
      ),
    },
    variables: ["site", "url", "title", "body"],
  },
  // The daily digest: each item has title, body and url.
  "notification-digest": {
    subject: {
      en: "{{ count }} unread {{ 'notification' if count == 1 else 'notifications' }} on {{ site }}",
      de: "{{ count }} ungelesene {{ 'Benachrichtigung' if count == 1 else 'Benachrichtigungen' }} bei {{ site }}",
    },
    mjml: {
      en: digestBody("Your unread notifications on {{ site }} since the last digest:", "Open {{ site }}"),
      de: digestBody(
        "Deine ungelesenen Benachrichtigungen bei {{ site }} seit der letzten Übersicht:",
        "{{ site }} öffnen",
      ),
    },
    variables: ["site", "url", "count", "items"],
  },
  // The daily digest of saved-search alerts (runtime/src/saved-searches): each item has title (the search), body (the record) and url.
  "saved-search-digest": {
    subject: {
      en: "{{ count }} new {{ 'match' if count == 1 else 'matches' }} for your saved searches on {{ site }}",
      de: "{{ count }} neue {{ 'Treffer' }} für deine gespeicherten Suchen bei {{ site }}",
    },
    mjml: {
      en: digestBody("New matches for your saved searches on {{ site }}:", "Open {{ site }}"),
      de: digestBody("Neue Treffer für deine gespeicherten Suchen bei {{ site }}:", "{{ site }} öffnen"),
    },
    variables: ["site", "url", "count", "items"],
  },
};

function digestBody(intro: string, button: string): string {
  return (
    `{% extends "base" %}{% block preview %}{{ site }}{% endblock %}{% block content %}<mj-text>${intro}</mj-text>` +
    `{% for item in items %}<mj-text><a href="{{ item.url }}">{{ item.title }}</a>{% if item.body %}<br />{{ item.body }}{% endif %}</mj-text>{% endfor %}` +
    `<mono-button href="{{ url }}">${button}</mono-button>{% endblock %}`
  );
}

/** `86400` → "1 day", `3600` → "1 hour", in the message's locale. */
export function durationText(seconds: number, locale: string): string {
  const de = locale.startsWith("de");
  if (seconds % 86_400 === 0) {
    const d = seconds / 86_400;
    return de ? (d === 1 ? "1 Tag" : `${d} Tagen`) : d === 1 ? "1 day" : `${d} days`;
  }
  const h = Math.max(1, Math.round(seconds / 3600));
  return de ? (h === 1 ? "1 Stunde" : `${h} Stunden`) : h === 1 ? "1 hour" : `${h} hours`;
}
