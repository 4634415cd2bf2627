using System.CommandLine;

namespace KernelAgent.Agent.Cli;

/// <summary>The verbs of <c>kernel-agent</c>; each verb lives in its own file.</summary>
internal static class AgentCommandLine
{
    // The verbs that verify signatures; identity, status and --help work without the crypto library.
    private static readonly string[] VerbsNeedingCrypto = ["verify", "once", "run"];

    /// <summary>Parses and runs; a verb that verifies signatures first checks that the crypto library loads (exit 2 if not).</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        var parse = Build().Parse(args);
        var asksForHelp = parse.Tokens.Any(t => t.Value is "--help" or "-h" or "-?");
        if (parse.Errors.Count == 0 && !asksForHelp && VerbsNeedingCrypto.Contains(parse.CommandResult.Command.Name)
            && Verification.CryptoLibrary.Problem() is { } problem)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"kernel-agent: {problem}");
            return Service.PassOutcomes.ConfigurationExitCode;
        }

        return await parse.InvokeAsync(ConfigurationFor(parse.CommandResult.Command.Name));
    }

    /// <summary>
    /// How a verb is invoked. System.CommandLine turns SIGTERM into a cancellation and exits 143 by itself when the
    /// verb has not returned 2 s later: systemd would then mark the agent failed while its host was still stopping
    /// cleanly (finishing a load, closing a farm stream). <c>run</c> leaves SIGTERM to the host, whose stop returns 0.
    /// </summary>
    public static InvocationConfiguration ConfigurationFor(string verb) =>
        verb == "run" ? new InvocationConfiguration { ProcessTerminationTimeout = null } : new InvocationConfiguration();

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
        root.Subcommands.Add(WaitCommand.Create());
        return root;
    }
}
