using KernelAgent.BuildFarm.Headers;

namespace KernelAgent.BuildFarm.Compilation;

/// <summary>Works out which programs a kernel's module build needs and checks that this machine has them.</summary>
internal interface IToolchainCheck
{
    /// <exception cref="ToolchainMissingException">Some are missing; the message names each with its Debian package.</exception>
    Toolchain Require(KernelHeaders headers);
}
