using System.CommandLine;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.BuildFarm.State;
using KernelAgent.Store.Attestations.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Cli;

/// <summary><c>kernel-buildfarm keys generate --out DIR | keys rotate</c>: the farm's Ed25519 attestation signing key.</summary>
internal static class KeysCommand
{
    public const string PrivateKeyFileName = "signing-key.pem";
    public const string PublicKeyFileName = "signing-key.pub";

    public static Command Create()
    {
        var keys = new Command("keys", "Manage the Ed25519 keys that sign attestations.");
        keys.Subcommands.Add(CreateGenerate());
        keys.Subcommands.Add(CreateRotate());
        return keys;
    }

    private static Command CreateRotate()
    {
        var farm = new FarmHostOptions();
        var key = new Option<string>("--key") { Description = "The active private key file. Default: Signing:KeyFile, or keys/signing-key.pem under the state folder." };
        var rotate = new Command(
            "rotate",
            "Make a new Ed25519 key the farm's signing key (same file; takes effect when the farm restarts). The old public key is kept in " +
            "previous/ beside it, so the farm still counts what it signed as published, and the old private key in retired/ (0600). " +
            "Prints what to distribute to agents and the next steps (resign, then revoke or remove the old key).")
        {
            key,
        };
        farm.AddTo(rotate);
        rotate.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                var path = parseResult.GetValue(key);
                if (path is not { Length: > 0 })
                {
                    using var host = farm.BuildHost(parseResult);
                    path = AttestationSigning.ActiveKeyPath(
                        host.Services.GetRequiredService<IOptions<SigningOptions>>().Value, host.Services.GetRequiredService<IOptions<FarmStateOptions>>().Value);
                }

                var r = KeyRotation.Rotate(path);
                stdout.WriteLine($"new signing key {r.NewKeyId}");
                stdout.WriteLine($"  private key {r.PrivateKeyPath} (active once the farm restarts)");
                stdout.WriteLine($"  public key  {r.PublicKeyPath}");
                stdout.WriteLine($"previous key {r.OldKeyId}");
                stdout.WriteLine($"  public key kept in {r.OldPublicKeyPath} (the farm still accepts what it signed)");
                stdout.WriteLine($"  private key moved to {r.OldPrivateKeyPath} (delete it once nothing needs it)");
                stdout.WriteLine("next:");
                stdout.WriteLine($"  1. copy {r.PublicKeyPath} into every agent's trusted-keys folder as {r.NewKeyId[..16]}.pub; keep the old key there for now");
                stdout.WriteLine("  2. restart the farm (it reads its signing key at start)");
                stdout.WriteLine("  3. kernel-buildfarm resign: every published attestation gets the new key's signature, no module is rebuilt");
                stdout.WriteLine($"  4. once every agent trusts the new key: kernel-buildfarm policy revoke-key {r.OldKeyId}, or remove the old key from the agents");
                return 0;
            }
            catch (Exception e) when (e is KeyFileException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"kernel-buildfarm keys rotate: {e.Message}");
                return 1;
            }
        });
        return rotate;
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
