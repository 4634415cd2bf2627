using System.Text;
using System.Text.Json.Nodes;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;

namespace KernelAgent.Store.Tests.TestSupport;

/// <summary>Edits a DSSE envelope or its statement as JSON, re-signing the statement when asked.</summary>
internal static class EnvelopeEditor
{
    public static byte[] EditEnvelope(byte[] envelope, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(envelope)!.AsObject();
        edit(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    public static JsonObject Statement(byte[] envelope)
    {
        var node = JsonNode.Parse(envelope)!;
        return JsonNode.Parse(Convert.FromBase64String(node["payload"]!.GetValue<string>()))!.AsObject();
    }

    /// <summary>An envelope whose payload is the edited statement, signed by <paramref name="key"/>: a trusted signer's mistake.</summary>
    public static byte[] EditSignedStatement(byte[] envelope, SigningKey key, Action<JsonObject> edit)
    {
        var statement = Statement(envelope);
        edit(statement);
        return SignPayload(Encoding.UTF8.GetBytes(statement.ToJsonString()), key);
    }

    public static byte[] SignPayload(byte[] payload, SigningKey key) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["payloadType"] = DsseEnvelope.InTotoPayloadType,
            ["payload"] = Convert.ToBase64String(payload),
            ["signatures"] = new JsonArray(new JsonObject
            {
                ["keyid"] = key.KeyId,
                ["sig"] = Convert.ToBase64String(key.Sign(DssePae.Encode(DsseEnvelope.InTotoPayloadType, payload))),
            }),
        }.ToJsonString());
}
