// A real OpenID provider (oidc-provider) on loopback for the tests of tokens from the host's identity provider.
//
//   node provider.mjs <port> <state directory> <kid:alg>[,<kid:alg>…]
//
// Issuer http://127.0.0.1:<port> (plain http on loopback: the tests set Auth:RequireHttpsMetadata=false). One client,
// `host-app` / `host-app-secret`, may use the client_credentials grant; a token request names the audience with the
// resource indicator (`resource=<audience>`), and the access token is a JWT for that audience (RFC 9068).
//
// Signing keys are generated on first use and kept in the state directory (<kid>.json), so a key keeps its material
// across a key-set change. The first key of a token's algorithm signs it. What the test asks of one token comes in request
// headers, which only these tests send:
//   X-Test-Alg: RS256 | PS256 | ES256 (default RS256)   the algorithm, so the key, that signs it
//   X-Test-Ttl: seconds (default 3600)                    its lifetime
//   X-Test-Claims: {JSON object}                          claims set in its payload (sub, name, role, … override)
//
// Test routes beside the provider's own (this file's only, never oidc-provider's):
//   PUT /test/keys   body "kid:alg,kid:alg"   the published key set from now on (a new provider over the same port:
//                                             oidc-provider reads its keys once, when it is built)
//   GET /test/fetches                         {"discovery": n, "jwks": n}: how often each document was fetched
//
// It prints "listening on <issuer>" once it accepts connections, and runs until killed.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import Provider from 'oidc-provider';

const [port, stateDirectory, initialKeys] = process.argv.slice(2);
if (!port || !stateDirectory || !initialKeys) {
  console.error('usage: node provider.mjs <port> <state directory> <kid:alg>[,<kid:alg>…]');
  process.exit(2);
}

const issuer = `http://127.0.0.1:${port}`;
const algorithms = new Set(['RS256', 'PS256', 'ES256']);

function privateKey(kid, alg) {
  const file = path.join(stateDirectory, `${kid}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const pair = alg === 'ES256'
    ? crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...pair.privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
  fs.writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  return jwk;
}

function keySet(spec) {
  return spec.split(',').map((entry) => {
    const [kid, alg] = entry.trim().split(':');
    if (!kid || !algorithms.has(alg)) throw new Error(`a key is kid:alg with alg one of ${[...algorithms].join(', ')}: ${entry}`);
    return privateKey(kid, alg);
  });
}

function header(ctx, name) {
  const value = ctx.get(name);
  return value === '' ? undefined : value;
}

function build(keys) {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'host-app',
      client_secret: 'host-app-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      // Never used (no ID tokens here), but it must name an algorithm the key set can sign with.
      id_token_signed_response_alg: keys[0].alg,
    }],
    jwks: { keys },
    cookies: { keys: ['test-cookie-key-not-secret'] },
    ttl: { ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 3600 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource) => {
          const alg = header(ctx, 'x-test-alg') ?? 'RS256';
          if (!algorithms.has(alg)) throw new Error(`X-Test-Alg must be one of ${[...algorithms].join(', ')}`);
          return {
            audience: resource,
            scope: 'invites invites:admin',
            accessTokenFormat: 'jwt',
            accessTokenTTL: Number(header(ctx, 'x-test-ttl') ?? 3600),
            jwt: { sign: { alg } },
          };
        },
      },
    },
    formats: {
      customizers: {
        jwt: (ctx, _token, jwt) => {
          const claims = header(ctx, 'x-test-claims');
          if (claims) Object.assign(jwt.payload, JSON.parse(claims));
        },
      },
    },
  });
  provider.on('server_error', (_ctx, error) => console.error(`server_error: ${error.stack ?? error}`));
  return provider.callback();
}

let handle = build(keySet(initialKeys));
const fetches = { discovery: 0, jwks: 0 };

const server = http.createServer((req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname === '/test/keys' && req.method === 'PUT') {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      try {
        handle = build(keySet(body));
        res.writeHead(204).end();
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error.message ?? error));
      }
    });
    return;
  }

  if (url.pathname === '/test/fetches' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fetches));
    return;
  }

  if (url.pathname === '/.well-known/openid-configuration') fetches.discovery += 1;
  if (url.pathname === '/jwks') fetches.jwks += 1;
  handle(req, res);
});

server.listen(Number(port), '127.0.0.1', () => console.log(`listening on ${issuer}`));
