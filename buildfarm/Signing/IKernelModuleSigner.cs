using KernelAgent.BuildFarm.Headers;

namespace KernelAgent.BuildFarm.Signing;

/// <summary>Appends the kernel's own PKCS#7 module signature (what scripts/sign-file does), when configured.</summary>
internal interface IKernelModuleSigner
{
    /// <summary>Signs the module in place; returns false when kernel signing is not configured.</summary>
    Task<bool> SignAsync(string modulePath, KernelHeaders headers, CancellationToken cancellationToken);
}
