import type { FakeConsent } from './oauth-server';
import { splitScopes } from './oauth-server';

/** Where the consent page posts. */
export const CONSENT_PATH = '/o/oauth2/v2/auth/consent';

const OWN_FIELDS = ['fake_email', 'fake_decision', 'fake_grant'];

/** A minimal "Sign in with Google" page: an e-mail, a checkbox per scope asked, Allow and Deny. */
export function consentPage(params: URLSearchParams, defaultEmail: string): string {
  const hidden = [...params].map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join('\n');
  const scopes = splitScopes(params.get('scope'))
    .map((scope) => `<label><input type="checkbox" name="fake_grant" value="${escape(scope)}" checked> ${escape(scope)}</label><br>`)
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Fake Google sign-in</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto">
<h1>Fake Google</h1>
<p>Sign in to <code>${escape(params.get('client_id') ?? '')}</code> and grant:</p>
<form method="post" action="${CONSENT_PATH}">
${hidden}
<p><label>E-mail <input type="email" name="fake_email" value="${escape(params.get('login_hint') ?? defaultEmail)}" required></label></p>
<p>${scopes}</p>
<button type="submit" name="fake_decision" value="allow">Allow</button>
<button type="submit" name="fake_decision" value="deny" formnovalidate>Deny</button>
</form>
</body></html>
`;
}

/** The original authorization parameters and the user's choice, from the consent page's form. */
export function consentChoice(form: URLSearchParams): { params: URLSearchParams; consent: FakeConsent } {
  const params = new URLSearchParams([...form].filter(([name]) => !OWN_FIELDS.includes(name)));
  const email = form.get('fake_email')?.trim();
  return {
    params,
    consent: { email: email || undefined, grantScopes: form.getAll('fake_grant'), deny: form.get('fake_decision') === 'deny' },
  };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
