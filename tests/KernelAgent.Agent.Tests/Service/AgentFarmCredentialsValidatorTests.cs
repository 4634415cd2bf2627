using KernelAgent.Agent.Service;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>Farm credentials need TLS: a token never goes over plain text except to loopback.</summary>
public sealed class AgentFarmCredentialsValidatorTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    [Theory]
    [InlineData("http://farm.internal:50051", false)]
    [InlineData("http://10.0.2.2:50051", false)]
    [InlineData("http://127.0.0.1:50051", true)]
    [InlineData("http://localhost:50051", true)]
    [InlineData("https://farm.internal:50051", true)]
    public void Validate_TokenFile_IsAcceptedOnlyOverTlsOrToLoopback(string address, bool accepted)
    {
        var options = Options(address);
        options.Farm.TokenFile = _file;

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Contains("a token is never sent over plain text", Assert.Single(result.Failures ?? []), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_CertificateWithoutKeyOverPlainTextAndMissingFiles_AreEachReported()
    {
        var options = Options("http://farm.internal:50051");
        options.Farm.ClientCertificateFile = _file;
        options.Farm.CaFile = "/nonexistent/ca.pem";

        var failures = new AgentOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

        Assert.Contains("Agent:Farm:ClientCertificateFile and Agent:Farm:ClientKeyFile must be set together", failures);
        Assert.Contains(failures, f => f.StartsWith("Agent:Farm:ClientCertificateFile and Agent:Farm:CaFile need an https://", StringComparison.Ordinal));
        Assert.Contains("Agent:Farm:CaFile '/nonexistent/ca.pem' does not exist", failures);
    }

    public void Dispose() => File.Delete(_file);

    private static AgentOptions Options(string address) =>
        new() { DriverName = "kagent_sample", DriverVersion = "1.0.0", Farm = { Address = address } };
}
