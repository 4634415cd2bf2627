using System.CommandLine;

namespace KernelAgent.Agent.Cli;

/// <summary>The verbs of <c>kernel-agent</c>; each verb lives in its own file.</summary>
internal static class AgentCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "kernel-agent: loads the exact, signed kernel module built for this host's kernel.\n" +
            "It reads the host's kernel identity, resolves a matching artifact from the configured stores\n" +
            "(or asks the build farm), verifies its DSSE/Ed25519 attestation, digest, variant and vermagic,\n" +
            "and only then loads it.");
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(IdentityCommand.Create());
        root.Subcommands.Add(OnceCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        return root;
    }
}
