namespace KernelAgent.Agent.Loading;

/// <summary>The finit_module(2) flags of include/uapi/linux/module.h that the agent uses.</summary>
internal static class ModuleInitFlags
{
    /// <summary>MODULE_INIT_COMPRESSED_FILE (Linux 5.17+ with CONFIG_MODULE_DECOMPRESS): the kernel decompresses the file.</summary>
    public const int CompressedFile = 4;
}
