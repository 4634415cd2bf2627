using KernelAgent.Store.Layout;

namespace KernelAgent.Store.Attestations;

/// <summary>
/// What the JSON reader cannot enforce: System.Text.Json honours nullability on properties but not on list
/// elements or dictionary values, so <c>"signatures":[null]</c> or <c>"subject":[null]</c> deserialize. Every
/// reference below is checked here once, so nothing past the verifier meets a null it was promised not to.
/// </summary>
internal static class AttestationShape
{
    /// <summary>What is missing from the envelope, or null when every part is there.</summary>
    public static string? EnvelopeProblem(DsseEnvelope? envelope)
    {
        if (envelope is null || envelope.PayloadType is null || envelope.Payload is null || envelope.Signatures is null)
        {
            return "the envelope lacks payloadType, payload or signatures";
        }

        if (envelope.Signatures.Count == 0)
        {
            return "the envelope carries no signature";
        }

        for (var i = 0; i < envelope.Signatures.Count; i++)
        {
            if (envelope.Signatures[i]?.Sig is null)
            {
                return $"signatures[{i}] is null or has no sig";
            }
        }

        return null;
    }

    /// <summary>What is missing or malformed in the statement, or null when it can be read safely.</summary>
    public static string? StatementProblem(InTotoStatement? statement)
    {
        if (statement is null || statement.Type != InTotoStatement.StatementType)
        {
            return $"_type must be '{InTotoStatement.StatementType}'";
        }

        if (statement.PredicateType != InTotoStatement.SlsaProvenanceType)
        {
            return $"predicateType must be '{InTotoStatement.SlsaProvenanceType}'";
        }

        if (statement.Subject is not { Count: 1 } || DescriptorProblem(statement.Subject[0]) is not null
            || !statement.Subject[0].Digest.TryGetValue("sha256", out var digest) || !Digests.IsSha256Hex(digest))
        {
            return "the statement must have exactly one subject with a name and a sha256 digest";
        }

        return PredicateProblem(statement.Predicate);
    }

    private static string? PredicateProblem(SlsaProvenance? predicate)
    {
        var definition = predicate?.BuildDefinition;
        if (predicate is null || definition?.BuildType is null || predicate.RunDetails is null)
        {
            return "the predicate lacks buildDefinition, buildType or runDetails";
        }

        var external = definition.ExternalParameters;
        if (external?.Variant is null || HasNullValue(external.Variant) || !Digests.IsSha256Hex(external.VariantKey))
        {
            return "externalParameters must carry the variant's fields and its sha256 variantKey";
        }

        var internals = definition.InternalParameters;
        if (internals?.Compiler is null || internals.KernelCompiler is null)
        {
            return "internalParameters must name the compiler and the kernel's compiler";
        }

        if (definition.ResolvedDependencies is null)
        {
            return "resolvedDependencies is missing";
        }

        for (var i = 0; i < definition.ResolvedDependencies.Count; i++)
        {
            if (DescriptorProblem(definition.ResolvedDependencies[i]) is { } problem)
            {
                return $"resolvedDependencies[{i}] {problem}";
            }
        }

        var run = predicate.RunDetails;
        return run.Builder?.Id is null || run.Builder.Version is null || HasNullValue(run.Builder.Version)
            || run.Metadata?.InvocationId is null
            ? "runDetails must name the builder, its version and the invocation"
            : null;
    }

    private static string? DescriptorProblem(ResourceDescriptor? descriptor) =>
        descriptor?.Name is null || descriptor.Digest is null || HasNullValue(descriptor.Digest)
            ? "is null or lacks a name or digests"
            : null;

    private static bool HasNullValue(IReadOnlyDictionary<string, string> map)
    {
        foreach (var value in map.Values)
        {
            if (value is null)
            {
                return true;
            }
        }

        return false;
    }
}
