using KernelAgent.BuildFarm.Cli;
using KernelAgent.Store.Attestations.Keys;

namespace KernelAgent.BuildFarm.Tests.Cli;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KeysCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ka-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Generate_NewFolder_WritesPrivateKey0600AndPrintsKeyId()
    {
        var (exit, output, _) = Run("keys", "generate", "--out", _dir);

        Assert.Equal(0, exit);
        var privatePath = Path.Join(_dir, KeysCommand.PrivateKeyFileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));
        var key = TrustedKey.FromPemFile(Path.Join(_dir, KeysCommand.PublicKeyFileName));
        Assert.Contains($"key id {key.KeyId}", output, StringComparison.Ordinal);
        using var signing = SigningKey.FromPemFile(privatePath);
        Assert.Equal(key.KeyId, signing.KeyId);
    }

    [Fact]
    public void Generate_ExistingKey_RefusesAndLeavesItUntouched()
    {
        Run("keys", "generate", "--out", _dir);
        var before = File.ReadAllBytes(Path.Join(_dir, KeysCommand.PrivateKeyFileName));

        var (exit, _, error) = Run("keys", "generate", "--out", _dir);

        Assert.NotEqual(0, exit);
        Assert.Contains("refusing to overwrite", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Join(_dir, KeysCommand.PrivateKeyFileName)));
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = FarmCommandLine.Build().Parse(args).Invoke(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
