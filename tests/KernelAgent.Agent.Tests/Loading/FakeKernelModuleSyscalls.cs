using KernelAgent.Agent.Loading;
using Microsoft.Win32.SafeHandles;

namespace KernelAgent.Agent.Tests.Loading;

/// <summary>Stands in for finit_module/delete_module: returns scripted errnos and records what it was given.</summary>
internal sealed class FakeKernelModuleSyscalls : IKernelModuleSyscalls
{
    public int FinitErrno { get; set; }

    public int DeleteErrno { get; set; }

    public List<string> FinitParameters { get; } = [];

    /// <summary>The first bytes of each file handed to finit_module, read through the handle it got.</summary>
    public List<byte[]> FinitFileHeads { get; } = [];

    public List<int> FinitFlags { get; } = [];

    public List<string> DeletedNames { get; } = [];

    public int FinitModule(SafeFileHandle module, string parameters, int flags)
    {
        FinitFlags.Add(flags);
        Assert.False(module.IsInvalid);
        var head = new byte[16];
        var read = RandomAccess.Read(module, head, 0);
        FinitFileHeads.Add(head[..read]);
        FinitParameters.Add(parameters);
        return FinitErrno;
    }

    public int DeleteModule(string kernelName)
    {
        DeletedNames.Add(kernelName);
        return DeleteErrno;
    }
}
