using System.CommandLine;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Cli;

/// <summary>
/// <c>kernel-agent verify</c>: the agent's own verification of a module and its attestation, offline.
/// Exit codes: 0 valid, 1 refused (the reason is printed), 2 unusable input (missing file, bad key folder).
/// </summary>
internal static class VerifyCommand
{
    public const int Valid = 0;
    public const int Refused = 1;
    public const int UnusableInput = 2;

    public static Command Create()
    {
        var module = new Argument<FileInfo>("MODULE") { Description = "The module file (.ko) to check." };
        var attestation = new Option<FileInfo>("--attestation")
        {
            Description = "The DSSE envelope (attestation.dsse.json) published with the module.",
            Required = true,
        };
        var trustedKeys = new Option<DirectoryInfo>("--trusted-keys")
        {
            Description = "Folder of trusted Ed25519 public keys (*.pub, *.pem); any of them may have signed.",
            Required = true,
        };
        var variant = new Option<string>("--variant")
        {
            Description = "Also require the attested variant to equal this one: its canonical form " +
                          "(kernelagent-variant/v1 text) or a file holding it.",
        };
        var command = new Command(
            "verify",
            "Check a module against its attestation: the DSSE signature by a trusted key, the module's sha256, " +
            "and optionally the attested variant. Exit 0 when valid, 1 when refused (with the reason), 2 on unusable input.")
        {
            module, attestation, trustedKeys, variant,
        };
        command.SetAction(parseResult => Run(
            parseResult,
            parseResult.GetRequiredValue(module),
            parseResult.GetRequiredValue(attestation),
            parseResult.GetRequiredValue(trustedKeys),
            parseResult.GetValue(variant)));
        return command;
    }

    private static int Run(ParseResult parseResult, FileInfo module, FileInfo attestation, DirectoryInfo trustedKeys, string? variantText)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        byte[] moduleBytes, envelope;
        TrustedKeyRing ring;
        ArtifactVariant? expected;
        try
        {
            moduleBytes = File.ReadAllBytes(module.FullName);
            envelope = File.ReadAllBytes(attestation.FullName);
            ring = TrustedKeyRing.FromDirectory(trustedKeys.FullName);
            expected = variantText is null ? null : ReadVariant(variantText);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeyFileException or VariantValidationException)
        {
            stderr.WriteLine($"kernel-agent verify: {e.Message}");
            return UnusableInput;
        }

        try
        {
            var verified = AttestationVerifier.VerifyArtifact(envelope, moduleBytes, ring, expected);
            var attested = verified.Statement.Predicate.BuildDefinition.ExternalParameters;
            stdout.WriteLine(
                $"valid: {module.Name} sha256:{verified.ModuleSha256} signed by {KeyIds.Abbreviate(verified.KeyId)}, " +
                $"variant {attested.VariantKey[..16]}{(expected is null ? " (variant not checked)" : " matches")}");
            return Valid;
        }
        catch (AttestationVerificationException e)
        {
            stderr.WriteLine($"refused: {e.Message}");
            return Refused;
        }
    }

    private static ArtifactVariant ReadVariant(string text)
    {
        if (!text.StartsWith(ArtifactVariant.CanonicalHeader, StringComparison.Ordinal) && File.Exists(text))
        {
            text = File.ReadAllText(text);
        }

        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return ArtifactVariant.Parse(text.EndsWith('\n') ? text : text + "\n");
    }
}
