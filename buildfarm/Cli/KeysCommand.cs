using System.CommandLine;
using KernelAgent.Store.Attestations.Keys;

namespace KernelAgent.BuildFarm.Cli;

/// <summary><c>kernel-buildfarm keys generate --out DIR</c>: the farm's Ed25519 attestation signing key.</summary>
internal static class KeysCommand
{
    public const string PrivateKeyFileName = "signing-key.pem";
    public const string PublicKeyFileName = "signing-key.pub";

    public static Command Create()
    {
        var keys = new Command("keys", "Manage the Ed25519 keys that sign attestations.");
        keys.Subcommands.Add(CreateGenerate());
        return keys;
    }

    private static Command CreateGenerate()
    {
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder to write the key pair to (created if missing). Existing key files are never overwritten.",
            Required = true,
        };
        var generate = new Command(
            "generate",
            $"Write a new Ed25519 key pair: {PrivateKeyFileName} (PEM PKCS#8, mode 0600) for the farm and " +
            $"{PublicKeyFileName} (PEM) for the agents' trusted-keys folder; print the key ID.")
        {
            output,
        };
        generate.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var folder = parseResult.GetRequiredValue(output);
            try
            {
                folder.Create();
                using var key = SigningKey.Generate();
                var privatePath = Path.Join(folder.FullName, PrivateKeyFileName);
                var publicPath = Path.Join(folder.FullName, PublicKeyFileName);
                key.WriteTo(privatePath, publicPath);
                stdout.WriteLine($"key id {key.KeyId}");
                stdout.WriteLine($"private key {privatePath} (keep it on the farm only)");
                stdout.WriteLine($"public key  {publicPath} (copy into each agent's trusted-keys folder)");
                return 0;
            }
            catch (Exception e) when (e is KeyFileException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"kernel-buildfarm keys generate: {e.Message}");
                return 1;
            }
        });
        return generate;
    }
}
