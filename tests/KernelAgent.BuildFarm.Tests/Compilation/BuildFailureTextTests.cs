using KernelAgent.BuildFarm.Compilation;

namespace KernelAgent.BuildFarm.Tests.Compilation;

/// <summary>What a failed build says first: the signal that killed it (and that it may be a limit), or the compiler's first error.</summary>
public sealed class BuildFailureTextTests
{
    [Fact]
    public void Describe_CompilerKilledBySignal_NamesTheProgramAndTheSignal()
    {
        var text = BuildFailureText.Describe(2, ["  CC [M]  jool/src/mod/common/xlator.o", "gcc-12: fatal error: Killed signal terminated program cc1", "make: *** Error 2"]);

        Assert.Contains("the compiler's cc1 was killed by a signal (Killed)", text, StringComparison.Ordinal);
        Assert.Contains("time or memory limit", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ExitCodeOfASignal_NamesTheSignal()
    {
        var text = BuildFailureText.Describe(137, []);

        Assert.Equal("failed with exit code 137; the build was killed by SIGKILL, which may be the build's time or memory limit", text);
    }

    [Fact]
    public void Describe_CompileError_QuotesTheFirstErrorLine()
    {
        var text = BuildFailureText.Describe(2, ["  CC [M]  a.o", "a.c:3:1: error: expected ';' before '}' token", "b.c:9:1: error: later", "make: *** Error 1"]);

        Assert.Equal("failed with exit code 2; first error: a.c:3:1: error: expected ';' before '}' token", text);
    }
}
