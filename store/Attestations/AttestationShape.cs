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

        // How many subjects and which digests they need depends on the layout version (AttestedModules reads
        // them); here only that each one is there whole.
        if (statement.Subject is not { Count: > 0 })
        {
            return "the statement has no subject";
        }

        for (var i = 0; i < statement.Subject.Count; i++)
        {
            var subject = statement.Subject[i];
            if (DescriptorProblem(subject) is { } problem)
            {
                return $"subject[{i}] {problem}";
            }

            if (subject!.Annotations is { } annotations && HasNullValue(annotations))
            {
                return $"subject[{i}] has a null annotation";
            }
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
