using System.CommandLine;

namespace KernelAgent.Agent.Cli;

internal static class VerifyCommand
{
    public static Command Create() => new("verify", "Verifies a module against its attestation.");
}
