namespace KernelAgent.BuildFarm.Builds;

/// <summary>The <c>phase</c> label values of <c>kernelagent_build_phase_duration_seconds</c>, in the order a build runs them.</summary>
internal static class BuildPhase
{
    /// <summary>Copying the registered driver source into the build folder and checking its digest.</summary>
    public const string Source = "source";

    /// <summary>Resolving, fetching and extracting the kernel's headers, or finding its kept root.</summary>
    public const string Headers = "headers";

    /// <summary>kbuild.</summary>
    public const string Compile = "compile";

    /// <summary>The kernel's own module signature (sign-file); only when kernel signing is enabled.</summary>
    public const string KernelSigning = "kernel_signing";

    /// <summary>The in-toto attestation (DSSE, Ed25519).</summary>
    public const string AttestationSigning = "attestation_signing";

    /// <summary>Writing module and attestation to the store.</summary>
    public const string Publish = "publish";
}
