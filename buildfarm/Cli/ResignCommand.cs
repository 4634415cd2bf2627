using System.CommandLine;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.Store.Backends;
using Microsoft.Extensions.DependencyInjection;

namespace KernelAgent.BuildFarm.Cli;

/// <summary><c>kernel-buildfarm resign</c>: every published attestation signed again by the active key, no module rebuilt.</summary>
internal static class ResignCommand
{
    public static Command Create()
    {
        var farm = new FarmHostOptions();
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and report, write nothing." };
        var resign = new Command(
            "resign",
            "Re-sign every published attestation with the farm's active key, keeping the payload and the signatures of keys that are " +
            "not revoked, without rebuilding any module. Each is verified first (a key the farm trusts, every module's digest); one " +
            "whose module does not match is not re-signed and is reported. The replaced envelope is kept under the variant's history/. " +
            "Exit 0 when every attestation is signed by the active key, 1 when one was not re-signed, 2 when the store or its trust policy cannot be read.")
        {
            dryRun,
        };
        farm.AddTo(resign);
        resign.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            try
            {
                using var host = farm.BuildHost(parseResult);
                var store = host.Services.GetRequiredService<IArtifactStore>();
                var signing = host.Services.GetRequiredService<IAttestationSigning>();
                var resigner = new AttestationResigner(store, signing, new TrustPolicyEditor(store, signing, TimeProvider.System));
                var report = await resigner.RunAsync(parseResult.GetValue(dryRun), line => stdout.WriteLine(line), cancellationToken);
                await stdout.WriteLineAsync(report.ToString());
                return report[ResignOutcome.Mismatched] + report[ResignOutcome.Skipped] == 0 ? 0 : 1;
            }
            catch (Exception e) when (e is InvalidOperationException or StoreException or KernelAgent.Store.Attestations.Keys.KeyFileException)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"kernel-buildfarm resign: {e.Message}");
                return 2;
            }
        });
        return resign;
    }
}
