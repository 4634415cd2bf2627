using System.CommandLine;

namespace KernelAgent.BuildFarm.Cli;

internal static class KeysCommand
{
    public static Command Create() => new("keys", "Manages attestation signing keys.");
}
