using System.Diagnostics;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.Protocol.V1;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Signing;

/// <summary>
/// Runs the exact kernel's <c>scripts/sign-file</c> (from its own kbuild package, so the signature format
/// matches what that kernel's loader expects) to append a PKCS#7 signature. Deterministic for the same key.
/// </summary>
internal sealed class SignFileKernelModuleSigner(IOptions<KernelSigningOptions> options) : IKernelModuleSigner
{
    public async Task<bool> SignAsync(string modulePath, KernelHeaders headers, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return false;
        }

        var signFile = FindSignFile(headers)
            ?? throw new BuildFailedException(FailureReason.SigningFailed,
                $"scripts/sign-file is not in the headers of {headers.Target.KernelRelease} (looked in {headers.BuildDirectory} and usr/lib/linux-kbuild-*)");
        var start = new ProcessStartInfo(signFile) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { o.Hash, o.KeyFile!, o.CertificateFile!, modulePath })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new BuildFailedException(FailureReason.SigningFailed, $"could not start {signFile}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.Timeout);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardOutput.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new BuildFailedException(FailureReason.SigningFailed, $"sign-file exited with {process.ExitCode}: {(await stderr).Trim()}");
        }

        return true;
    }

    private static string? FindSignFile(KernelHeaders headers)
    {
        var inTree = Path.Join(headers.BuildDirectory, "scripts", "sign-file");
        if (File.Exists(inTree))
        {
            return inTree;
        }

        var kbuild = Path.Join(headers.RootDirectory, "usr", "lib");
        return Directory.Exists(kbuild)
            ? Directory.EnumerateDirectories(kbuild, "linux-kbuild-*")
                .Select(d => Path.Join(d, "scripts", "sign-file"))
                .Where(File.Exists)
                .Order(StringComparer.Ordinal)
                .LastOrDefault()
            : null;
    }
}
