using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Casus.Tests.Support;

/// <summary>
/// A passkey authenticator in software (P-256, "none" attestation, user verified), so HTTP tests can create and use
/// passkeys the way a browser's navigator.credentials.create() and .get() would, and send the same JSON.
/// </summary>
public sealed class SoftwareAuthenticator : IDisposable
{
    private readonly Dictionary<string, (ECDsa Key, string UserHandle, uint Count)> _credentials = [];

    /// <summary>The origin the browser would report; the test client's base address.</summary>
    public string Origin { get; set; } = "https://localhost";

    /// <summary>Answers creation options (the JSON for navigator.credentials.create()) with a new credential's JSON.</summary>
    public string Create(string creationOptionsJson)
    {
        var options = JsonNode.Parse(creationOptionsJson)!;
        var rpId = options["rp"]!["id"]!.GetValue<string>();
        var userHandle = options["user"]!["id"]!.GetValue<string>();
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var credentialId = RandomNumberGenerator.GetBytes(32);
        var id = Base64Url.EncodeToString(credentialId);
        _credentials[id] = (key, userHandle, 0);

        var parameters = key.ExportParameters(includePrivateParameters: false);
        var coseKey = Cbor.Map(
            (Cbor.Int(1), Cbor.Int(2)), (Cbor.Int(3), Cbor.Int(-7)), (Cbor.Int(-1), Cbor.Int(1)),
            (Cbor.Int(-2), Cbor.Bytes(parameters.Q.X!)), (Cbor.Int(-3), Cbor.Bytes(parameters.Q.Y!)));
        byte[] authData = [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), 0x45, 0, 0, 0, 0, .. new byte[16],
            (byte)(credentialId.Length >> 8), (byte)credentialId.Length, .. credentialId, .. coseKey];
        var attestationObject = Cbor.Map(
            (Cbor.Text("fmt"), Cbor.Text("none")), (Cbor.Text("attStmt"), Cbor.Map()), (Cbor.Text("authData"), Cbor.Bytes(authData)));
        var clientData = ClientData("webauthn.create", options["challenge"]!.GetValue<string>());
        return JsonSerializer.Serialize(new
        {
            id, rawId = id, type = "public-key", authenticatorAttachment = "platform", clientExtensionResults = new { },
            response = new
            {
                clientDataJSON = Base64Url.EncodeToString(clientData),
                attestationObject = Base64Url.EncodeToString(attestationObject),
                transports = new[] { "internal" },
            },
        });
    }

    /// <summary>Answers request options (the JSON for navigator.credentials.get()) with an assertion by one of its credentials.</summary>
    public string Get(string requestOptionsJson, string? credentialId = null)
    {
        var options = JsonNode.Parse(requestOptionsJson)!;
        var rpId = options["rpId"]!.GetValue<string>();
        var id = credentialId ?? _credentials.Keys.Last();
        var (key, userHandle, count) = _credentials[id];
        _credentials[id] = (key, userHandle, count + 1);
        var signCount = count + 1;
        byte[] authData = [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), 0x05,
            (byte)(signCount >> 24), (byte)(signCount >> 16), (byte)(signCount >> 8), (byte)signCount];
        var clientData = ClientData("webauthn.get", options["challenge"]!.GetValue<string>());
        var signature = key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return JsonSerializer.Serialize(new
        {
            id, rawId = id, type = "public-key", authenticatorAttachment = "platform", clientExtensionResults = new { },
            response = new
            {
                clientDataJSON = Base64Url.EncodeToString(clientData),
                authenticatorData = Base64Url.EncodeToString(authData),
                signature = Base64Url.EncodeToString(signature),
                userHandle = userHandle,
            },
        });
    }

    /// <summary>The id (base64url) of the credential made last.</summary>
    public string LastCredentialId => _credentials.Keys.Last();

    private byte[] ClientData(string type, string challenge) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type, challenge, origin = Origin, crossOrigin = false });

    public void Dispose()
    {
        foreach (var (key, _, _) in _credentials.Values)
        {
            key.Dispose();
        }
    }

    /// <summary>Just enough CBOR (RFC 8949) for an attestation object and a COSE key.</summary>
    private static class Cbor
    {
        public static byte[] Int(long value) => value >= 0 ? Head(0, (ulong)value) : Head(1, (ulong)(-1 - value));
        public static byte[] Bytes(byte[] value) => [.. Head(2, (ulong)value.Length), .. value];
        public static byte[] Text(string value)
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            return [.. Head(3, (ulong)utf8.Length), .. utf8];
        }
        public static byte[] Map(params (byte[] Key, byte[] Value)[] entries) =>
            [.. Head(5, (ulong)entries.Length), .. entries.SelectMany(e => e.Key.Concat(e.Value))];

        private static byte[] Head(int major, ulong length) => length switch
        {
            < 24 => [(byte)((major << 5) | (int)length)],
            < 256 => [(byte)((major << 5) | 24), (byte)length],
            _ => [(byte)((major << 5) | 25), (byte)(length >> 8), (byte)length],
        };
    }
}
