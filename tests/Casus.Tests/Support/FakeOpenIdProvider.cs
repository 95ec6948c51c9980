using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Casus.Tests.Support;

/// <summary>
/// A small OpenID provider for tests, answering the app's back-channel calls: discovery, the signing keys (an RSA
/// key made here) and the token endpoint, which checks the client, the redirect URI and the PKCE verifier and returns
/// an id token signed with that key carrying the nonce the app sent. The browser's trip to the authorize endpoint is
/// played by <see cref="Authorize"/>: the test reads the app's redirect and decides who signs in.
/// </summary>
public sealed class FakeOpenIdProvider : HttpMessageHandler
{
    public const string ClientId = "casus-test-client";
    public const string ClientSecret = "casus-test-secret";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new();

    public FakeOpenIdProvider(string authority)
    {
        Authority = authority.TrimEnd('/');
        _key = new RsaSecurityKey(_rsa) { KeyId = "test-key-1" };
    }

    public string Authority { get; }

    /// <summary>How many codes were redeemed at the token endpoint.</summary>
    public int Redeemed => _redeemed;
    private int _redeemed;

    /// <summary>The claims the provider vouches for when a person signs in there.</summary>
    public sealed record Person(string Subject, string? Email, IReadOnlyList<string>? Amr = null, string? Acr = null, bool? EmailVerified = null)
    {
        public static Person WithMfa(string subject, string? email) => new(subject, email, ["pwd", "mfa"]);
    }

    private sealed record PendingCode(Person Person, string Nonce, string CodeChallenge, string RedirectUri, string ClientId);

    /// <summary>
    /// What the provider's authorize endpoint does for a person who signs in: checks the request the app sent the
    /// browser with, and returns the redirect back to the app with a code and the state.
    /// </summary>
    public Uri Authorize(Uri authorizeRequest, Person person)
    {
        Assert.Equal(Authority + "/authorize", authorizeRequest.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(authorizeRequest.Query);
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal(ClientId, query["client_id"].ToString());
        var redirectUri = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        var nonce = query["nonce"].ToString();
        var challenge = query["code_challenge"].ToString();
        Assert.False(string.IsNullOrEmpty(state) || string.IsNullOrEmpty(nonce) || string.IsNullOrEmpty(challenge), "state, nonce and code_challenge are required");

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new PendingCode(person, nonce, challenge, redirectUri, ClientId);
        return new Uri(QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["code"] = code, ["state"] = state }));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.GetLeftPart(UriPartial.Path);
        if (request.Method == HttpMethod.Get && path == Authority + "/.well-known/openid-configuration")
        {
            return Json(new Dictionary<string, object>
            {
                ["issuer"] = Authority,
                ["authorization_endpoint"] = Authority + "/authorize",
                ["token_endpoint"] = Authority + "/token",
                ["jwks_uri"] = Authority + "/jwks",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["code_challenge_methods_supported"] = new[] { "S256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post" },
            });
        }
        if (request.Method == HttpMethod.Get && path == Authority + "/jwks")
        {
            var parameters = _rsa.ExportParameters(false);
            return Json(new Dictionary<string, object>
            {
                ["keys"] = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = _key.KeyId,
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    },
                },
            });
        }
        if (request.Method == HttpMethod.Post && path == Authority + "/token")
        {
            var form = QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync(cancellationToken));
            return Redeem(form);
        }
        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    private HttpResponseMessage Redeem(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var pending))
        {
            return Error("invalid_grant");
        }
        if (form["client_id"] != pending.ClientId || form["client_secret"] != ClientSecret)
        {
            return Error("invalid_client", HttpStatusCode.Unauthorized);
        }
        var verifier = form["code_verifier"].ToString();
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (string.IsNullOrEmpty(verifier) || challenge != pending.CodeChallenge || form["redirect_uri"] != pending.RedirectUri)
        {
            return Error("invalid_grant");
        }
        Interlocked.Increment(ref _redeemed);

        var person = pending.Person;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = person.Subject,
            ["nonce"] = pending.Nonce,
            ["auth_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["name"] = "Test person",
        };
        if (person.Email is not null)
        {
            claims["email"] = person.Email;
        }
        if (person.EmailVerified is { } verified)
        {
            claims["email_verified"] = verified;
        }
        if (person.Amr is not null)
        {
            claims["amr"] = person.Amr.ToArray();
        }
        if (person.Acr is not null)
        {
            claims["acr"] = person.Acr;
        }
        var now = DateTime.UtcNow;
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = pending.ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        return Json(new Dictionary<string, object>
        {
            ["access_token"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24)),
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["id_token"] = idToken,
        });
    }

    private static HttpResponseMessage Json(object body, HttpStatusCode status = HttpStatusCode.OK) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    };

    private static HttpResponseMessage Error(string error, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        Json(new Dictionary<string, string> { ["error"] = error }, status);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rsa.Dispose();
        }
        base.Dispose(disposing);
    }
}
