using System.CommandLine;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Trust;
using Microsoft.Extensions.DependencyInjection;

namespace KernelAgent.BuildFarm.Cli;

/// <summary>
/// <c>kernel-buildfarm policy show | revoke-key | min-version</c>: the signed trust policy agents fetch from the store
/// (revoked key IDs, per-driver minimum versions; docs/store-layout.md).
/// </summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var policy = new Command("policy", $"The signed trust policy in the store ({StoreLayout.TrustPolicyKey}) that every agent fetches: revoked keys and minimum driver versions.");
        policy.Subcommands.Add(CreateShow());
        policy.Subcommands.Add(CreateRevokeKey());
        policy.Subcommands.Add(CreateMinVersion());
        return policy;
    }

    private static Command CreateShow()
    {
        var farm = new FarmHostOptions();
        var show = new Command("show", "Print the published policy (verified with the farm's keys).");
        farm.AddTo(show);
        show.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, farm, "show", (_, p) => Task.FromResult(p), cancellationToken));
        return show;
    }

    private static Command CreateRevokeKey()
    {
        var farm = new FarmHostOptions();
        var keyId = new Argument<string>("KEYID") { Description = "The full key ID (64 hex digits) to revoke." };
        var reason = new Option<string>("--reason") { Description = "Why, as agents will log it. Default \"revoked by the operator\"." };
        var revoke = new Command("revoke-key", "Revoke a signing key fleet-wide: agents refuse artifacts whose only valid signatures are by it, and resolve " +
            "again (an artifact re-signed by `resign` is accepted without a rebuild). The active key cannot be revoked: rotate first.")
        {
            keyId, reason,
        };
        farm.AddTo(revoke);
        revoke.SetAction((parseResult, cancellationToken) =>
        {
            var id = parseResult.GetValue(keyId)!;
            var why = parseResult.GetValue(reason) ?? "revoked by the operator";
            return !Digests.IsSha256Hex(id)
                ? Fail(parseResult, "revoke-key", $"'{id}' is not a full key ID (64 lower-case hex digits)")
                : RunAsync(parseResult, farm, "revoke-key", (editor, _) => editor.RevokeAsync(id, why, cancellationToken), cancellationToken);
        });
        return revoke;
    }

    private static Command CreateMinVersion()
    {
        var farm = new FarmHostOptions();
        var driver = new Argument<string>("DRIVER") { Description = "Driver name." };
        var version = new Argument<string>("VERSION") { Description = "Lowest version agents may load (compared as dpkg compares versions)." };
        var allowLower = new Option<bool>("--allow-lower") { Description = "Allow lowering an existing floor." };
        var min = new Command("min-version", "Raise a driver's minimum version fleet-wide: agents refuse to load a lower version (rollback protection).")
        {
            driver, version, allowLower,
        };
        farm.AddTo(min);
        min.SetAction((parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(driver)!;
            var floor = parseResult.GetValue(version)!;
            var problem = TrustPolicyCodec.DriverNameProblem(name) is { } n ? $"'{name}' is not a driver name: {n}"
                : DriverVersions.Problem(floor) is { } v ? $"'{floor}' is not a version: {v}" : null;
            return problem is not null
                ? Fail(parseResult, "min-version", problem)
                : RunAsync(parseResult, farm, "min-version",
                    (editor, _) => editor.SetMinimumVersionAsync(name, floor, parseResult.GetValue(allowLower), cancellationToken), cancellationToken);
        });
        return min;
    }

    private static async Task<int> RunAsync(
        ParseResult parseResult, FarmHostOptions farm, string verb, Func<TrustPolicyEditor, TrustPolicy, Task<TrustPolicy>> action, CancellationToken cancellationToken)
    {
        try
        {
            using var host = farm.BuildHost(parseResult);
            var editor = new TrustPolicyEditor(
                host.Services.GetRequiredService<IArtifactStore>(), host.Services.GetRequiredService<IAttestationSigning>(), TimeProvider.System);
            var policy = await action(editor, await editor.ReadAsync(cancellationToken));
            Print(parseResult.InvocationConfiguration.Output, policy);
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or StoreException or KernelAgent.Store.Attestations.Keys.KeyFileException)
        {
            return await Fail(parseResult, verb, e.Message);
        }
    }

    private static void Print(TextWriter output, TrustPolicy policy)
    {
        output.WriteLine($"serial {policy.Serial}");
        foreach (var (id, why) in policy.RevokedKeys.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"revoked {id} ({why})");
        }

        foreach (var (name, version) in policy.MinimumVersions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"minimum {name} {version}");
        }
    }

    private static async Task<int> Fail(ParseResult parseResult, string verb, string message)
    {
        await parseResult.InvocationConfiguration.Error.WriteLineAsync($"kernel-buildfarm policy {verb}: {message}");
        return 1;
    }
}
