using System.CommandLine;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Cli;

/// <summary>
/// <c>kernel-agent verify</c>: the agent's own verification of an artifact and its attestation, offline: the signature,
/// then every attested module (all or nothing, one report line each), then optionally the variant.
/// Exit codes: 0 valid, 1 refused (the reason is printed), 2 unusable input (missing file, bad key folder).
/// </summary>
internal static class VerifyCommand
{
    public const int Valid = 0;
    public const int Refused = 1;
    public const int UnusableInput = 2;

    public static Command Create()
    {
        var modules = new Argument<string[]>("MODULE")
        {
            Description = "The module files (.ko) of the artifact, or folders holding them (e.g. the store's variant folder).",
            Arity = ArgumentArity.OneOrMore,
        };
        var attestation = new Option<FileInfo>("--attestation")
        {
            Description = "The DSSE envelope (attestation.dsse.json) published with the modules; by default the one in the folder given.",
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
            "Check an artifact against its attestation: the DSSE signature by a trusted key, every attested module's sha256 " +
            "(all or nothing, one line per module), and optionally the attested variant. Exit 0 when valid, 1 when refused " +
            "(with the reason), 2 on unusable input.")
        {
            modules, attestation, trustedKeys, variant,
        };
        command.SetAction(parseResult => Run(
            parseResult,
            parseResult.GetRequiredValue(modules),
            parseResult.GetValue(attestation),
            parseResult.GetRequiredValue(trustedKeys),
            parseResult.GetValue(variant)));
        return command;
    }

    private static int Run(ParseResult parseResult, string[] moduleArguments, FileInfo? attestation, DirectoryInfo trustedKeys, string? variantText)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        VerifyInputs inputs;
        byte[] envelope;
        TrustedKeyRing ring;
        ArtifactVariant? expected;
        try
        {
            inputs = VerifyInputs.Read(moduleArguments);
            var envelopeFile = attestation?.FullName ?? inputs.FolderAttestation
                ?? throw new IOException($"no attestation: give --attestation FILE, or one folder holding {StoreLayout.AttestationFileName}");
            envelope = File.ReadAllBytes(envelopeFile);
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
            var verified = AttestationVerifier.VerifyEnvelope(envelope, ring);
            VerifyReport report;
            try
            {
                report = VerifyReport.Check(verified.Modules, inputs.Modules, path => Digests.Sha256Hex(File.ReadAllBytes(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"kernel-agent verify: {e.Message}");
                return UnusableInput;
            }

            var several = verified.Modules.Count > 1 || inputs.Modules.Count > 1;
            if (several)
            {
                foreach (var line in report.Lines)
                {
                    stdout.WriteLine(line);
                }
            }

            if (!report.Valid)
            {
                throw new AttestationVerificationException(VerificationFailure.DigestMismatch,
                    $"{report.Problems.Count} problem(s) with the {verified.Modules.Count} attested module(s), nothing is valid: {string.Join("; ", report.Problems)}");
            }

            if (expected is not null)
            {
                AttestationVerifier.CheckVariant(verified, expected);
            }

            var attested = verified.Statement.Predicate.BuildDefinition.ExternalParameters;
            var what = several ? $"{verified.Modules.Count} module(s) of {attested.Variant.GetValueOrDefault("driver_name")} {attested.Variant.GetValueOrDefault("driver_version")}" : $"{inputs.Modules[0].FileName} sha256:{verified.ModuleSha256}";
            stdout.WriteLine(
                $"valid: {what} signed by {KeyIds.Abbreviate(verified.KeyId)}, " +
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
