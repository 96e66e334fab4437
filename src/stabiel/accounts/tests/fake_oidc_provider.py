"""A small OpenID Connect provider on a loopback port, for the single sign-on tests.

It does what a municipality's identity provider does in the authorization-code flow: the
authorize endpoint redirects back with a code and the state, the token endpoint checks the
client and the code and returns an id_token signed with its RSA key (RS256, public key at the
JWKS endpoint), and the userinfo endpoint answers the access token with the user's claims.
"""

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "stabiel-test"
CLIENT_SECRET = "geheim-van-de-test-client"


class FakeProvider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key-1"
        self.signing_key = None  # set to sign with another key than the one published
        self.claims: dict = {}
        # Claims of the id_token itself to change or drop (None) in a test.
        self.id_token_changes: dict = {}
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.requests: list[str] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def answer(self, status, body=None, headers=None):
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                data = b""
                if body is not None:
                    data = json.dumps(body).encode()
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlparse(self.path)
                provider.requests.append(url.path)
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                        return self.answer(400, {"error": "invalid_request"})
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {
                        "nonce": query.get("nonce"),
                        "redirect_uri": query["redirect_uri"],
                        "claims": dict(provider.claims),
                    }
                    target = (
                        query["redirect_uri"]
                        + "?"
                        + urlencode({"code": code, "state": query["state"]})
                    )
                    return self.answer(302, headers={"Location": target})
                if url.path == "/jwks":
                    public = json.loads(
                        jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key())
                    )
                    public.update({"kid": provider.kid, "alg": "RS256", "use": "sig"})
                    return self.answer(200, {"keys": [public]})
                if url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider.tokens:
                        return self.answer(401, {"error": "invalid_token"})
                    return self.answer(200, provider.tokens[token])
                return self.answer(404, {"error": "not_found"})

            def do_POST(self):
                url = urlparse(self.path)
                provider.requests.append(url.path)
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if url.path != "/token":
                    return self.answer(404, {"error": "not_found"})
                grant = provider.codes.pop(form.get("code", ""), None)
                if (
                    form.get("client_id") != CLIENT_ID
                    or form.get("client_secret") != CLIENT_SECRET
                    or grant is None
                    or form.get("redirect_uri") != grant["redirect_uri"]
                ):
                    return self.answer(400, {"error": "invalid_grant"})
                now = int(time.time())
                claims = grant["claims"]
                token_claims = {
                    "iss": provider.base_url,
                    "aud": CLIENT_ID,
                    "sub": claims["sub"],
                    "iat": now,
                    "exp": now + 300,
                    "nonce": grant["nonce"],
                    **provider.id_token_changes,
                }
                id_token = jwt.encode(
                    {k: v for k, v in token_claims.items() if v is not None},
                    provider.signing_key or provider.key,
                    algorithm="RS256",
                    headers={"kid": provider.kid},
                )
                access_token = secrets.token_urlsafe(16)
                provider.tokens[access_token] = claims
                return self.answer(
                    200,
                    {"access_token": access_token, "token_type": "Bearer", "id_token": id_token},
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def settings(self) -> dict:
        return {
            "OIDC_ENABLED": True,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base_url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base_url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base_url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base_url}/jwks",
            "OIDC_OP_ISSUER": self.base_url,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_TIMEOUT": 5,
        }
