// A real OpenID Connect provider (the certified `oidc-provider` package) for Helhet's SSO tests.
// It plays the municipality's identity provider: authorization code flow with PKCE, RS256-signed
// ID tokens from a key made at start, discovery, JWKS, userinfo and RP-initiated logout. Logins go
// through the provider's own development login and consent forms; any login name is accepted and
// becomes the account (subject) `<login>` with the e-mail `<login>@kommune.test`.
//
// Configured by the environment: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS and
// OIDC_POST_LOGOUT_REDIRECT_URIS (comma separated). Listens on 127.0.0.1 on a free port and prints
// "READY <issuer>" on stdout once it answers. Test use only: never point a real service at it.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';

import Provider from 'oidc-provider';

const list = (name) => (process.env[name] || '').split(',').map((item) => item.trim()).filter(Boolean);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'helhet-test-rs256', alg: 'RS256', use: 'sig' };

function claimsOf(login) {
  return {
    sub: login,
    email: `${login}@kommune.test`,
    email_verified: true,
    preferred_username: login,
    name: `Testbruker ${login}`,
  };
}

// Bind first, so the issuer carries the port the operating system gave us.
const server = http.createServer();
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID || 'helhet-test',
      client_secret: process.env.OIDC_CLIENT_SECRET || 'helhet-test-secret',
      redirect_uris: list('OIDC_REDIRECT_URIS'),
      post_logout_redirect_uris: list('OIDC_POST_LOGOUT_REDIRECT_URIS'),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  features: {
    devInteractions: { enabled: true },
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

provider.on('server_error', (ctx, error) => console.error('server_error', error));
server.on('request', provider.callback());
process.stdout.write(`READY ${issuer}\n`);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
