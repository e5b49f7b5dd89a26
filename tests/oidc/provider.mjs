// A real OpenID Connect provider (the certified `oidc-provider` package) for Helhet's SSO tests.
// It plays the municipality's identity provider: authorization code flow with PKCE, RS256-signed
// ID tokens from a key made at start, discovery, JWKS, userinfo and RP-initiated logout. Logins go
// through the provider's own development login and consent forms; any login name is accepted and
// becomes the account (subject) `<login>` with the e-mail `<login>@kommune.test`. A login name ending in
// "+mfa" (`kari+mfa`) logs in the account `kari` as if with a second factor: its ID token then carries
// acr "urn:helhet:test:mfa" and amr ["pwd", "otp", "mfa"]; other logins carry neither.
//
// It also plays ID-porten for the citizens' login (a second client, helhet.access.idporten): a login
// name of 11 digits is a fødselsnummer or D-nummer, `<pid>`, logged in at level idporten-loa-substantial;
// `<pid>+high` logs in at idporten-loa-high and `<pid>+low` at idporten-loa-low (which Helhet refuses).
// As in ID-porten, the subject is a pseudonym, not the number; the number is the `pid` claim of the ID
// token, and `acr` the level (in the ID token, Helhet asks with acr_values). Any other login name gives
// an ID token without `pid`.
//
// Configured by the environment: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS and
// OIDC_POST_LOGOUT_REDIRECT_URIS (comma separated) for staff; IDPORTEN_CLIENT_ID, IDPORTEN_CLIENT_SECRET,
// IDPORTEN_REDIRECT_URIS and IDPORTEN_POST_LOGOUT_REDIRECT_URIS for the citizens' client (which
// authenticates with client_secret_basic; the same id with the suffix "-post" with client_secret_post).
// A client is registered only when its redirect URIs are given. Listens on 127.0.0.1 on a free port and
// prints "READY <issuer>" on stdout once it answers. Test use only: never point a real service at it.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';

import Provider from 'oidc-provider';

const list = (name) => (process.env[name] || '').split(',').map((item) => item.trim()).filter(Boolean);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'helhet-test-rs256', alg: 'RS256', use: 'sig' };

// ID-porten logins: the account id is a pseudonym of the number, as ID-porten's `sub` is.
const IDPORTEN_LEVELS = { '': 'idporten-loa-substantial', '+high': 'idporten-loa-high', '+low': 'idporten-loa-low' };
const pidOfAccount = new Map();

function idportenLogin(login) {
  const match = /^([0-9]{11})(\+high|\+low)?$/.exec(login);
  if (!match) return null;
  const pid = match[1];
  const accountId = `idp-${createHash('sha256').update(`idporten:${pid}`).digest('hex').slice(0, 24)}`;
  pidOfAccount.set(accountId, pid);
  return { accountId, acr: IDPORTEN_LEVELS[match[2] || ''], amr: ['TestID'] };
}

function claimsOf(login) {
  if (pidOfAccount.has(login)) {
    return { sub: login, pid: pidOfAccount.get(login) };
  }
  return {
    sub: login,
    email: `${login}@kommune.test`,
    email_verified: true,
    preferred_username: login,
    name: `Testbruker ${login}`,
  };
}

const STRONG_ACR = 'urn:helhet:test:mfa';
const STRONG_SUFFIX = '+mfa';

// Bind first, so the issuer carries the port the operating system gave us.
const server = http.createServer();
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const issuer = `http://127.0.0.1:${server.address().port}`;

const client = (id, secret, prefix, auth = 'client_secret_basic') => ({
  client_id: id,
  client_secret: secret,
  redirect_uris: list(`${prefix}_REDIRECT_URIS`),
  post_logout_redirect_uris: list(`${prefix}_POST_LOGOUT_REDIRECT_URIS`),
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: auth,
  id_token_signed_response_alg: 'RS256',
});
const idportenId = process.env.IDPORTEN_CLIENT_ID || 'helhet-idporten-test';
const idportenSecret = process.env.IDPORTEN_CLIENT_SECRET || 'helhet-idporten-test-secret';
const clients = [
  client(process.env.OIDC_CLIENT_ID || 'helhet-test', process.env.OIDC_CLIENT_SECRET || 'helhet-test-secret', 'OIDC'),
  client(idportenId, idportenSecret, 'IDPORTEN'),
  client(`${idportenId}-post`, idportenSecret, 'IDPORTEN', 'client_secret_post'),
].filter((c) => c.redirect_uris.length > 0);

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  acrValues: [STRONG_ACR, ...Object.values(IDPORTEN_LEVELS)],
  claims: {
    acr: null, // in the ID token when asked for (acr_values, the claims parameter) and the login has it
    amr: null,
    openid: ['sub', 'pid'], // ID-porten's ID token always carries the pid
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  features: {
    devInteractions: { enabled: true },
    claimsParameter: { enabled: true }, // Helhet asks for amr in the ID token with it
    rpInitiatedLogout: { enabled: true },
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return claimsOf(id);
      },
    };
  },
  // Plain http on loopback in tests; cookies then cannot be Secure.
  cookies: { keys: [randomBytes(32).toString('hex')], long: { secure: false }, short: { secure: false } },
});

// The development login form finishes with { login: { accountId } }; a "+mfa" login name adds acr and amr,
// an ID-porten login name (11 digits) becomes its pseudonym with the level it asked for.
const interactionFinished = provider.interactionFinished.bind(provider);
provider.interactionFinished = (req, res, result, options) => {
  const login = result && result.login;
  const citizen = login && typeof login.accountId === 'string' ? idportenLogin(login.accountId) : null;
  if (citizen) {
    result = { ...result, login: { ...login, ...citizen } };
  } else if (login && typeof login.accountId === 'string' && login.accountId.endsWith(STRONG_SUFFIX)) {
    const accountId = login.accountId.slice(0, -STRONG_SUFFIX.length);
    result = { ...result, login: { ...login, accountId, acr: STRONG_ACR, amr: ['pwd', 'otp', 'mfa'] } };
  }
  return interactionFinished(req, res, result, options);
};

provider.on('server_error', (ctx, error) => console.error('server_error', error));
server.on('request', provider.callback());
process.stdout.write(`READY ${issuer}\n`);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
