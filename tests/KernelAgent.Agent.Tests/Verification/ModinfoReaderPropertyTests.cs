using CsCheck;
using KernelAgent.Agent.Verification;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Agent.Tests.Verification;

/// <summary>Random and mutated ELF bytes: the .modinfo reader answers or refuses with <see cref="ModinfoException"/>, nothing else.</summary>
public sealed class ModinfoReaderPropertyTests
{
    private static readonly byte[] Built = new ElfModuleBuilder()
        .WithModinfo("vermagic=6.1.0-56-amd64 SMP preempt mod_unload modversions ", "name=kagent_sample", "license=GPL", "srcversion=0123456789ABCDEF01234567")
        .WithSection("__versions", new byte[64])
        .Build();

    [Fact]
    public void Read_RandomBytes_RefusesWithModinfoExceptionOnly() =>
        PropertyCases.Run(Gen.Byte.Array[0, 256], PropertyCases.PerParser, "random byte strings", ReadOrRefuse);

    [Fact]
    public void Read_MutationsOfABuiltModule_RefuseWithModinfoExceptionOnly() =>
        PropertyCases.Run(PropertyCases.PerParser, "mutations of a built module", random => ReadOrRefuse(Mutations.Bytes(Built, random)));

    [Fact]
    public void Read_MutationsOfARealModule_RefuseWithModinfoExceptionOnly()
    {
        var real = RealModule();
        if (real is null)
        {
            Assert.Skip($"no *.ko under {RealModuleModinfoTests.ModulesVariable} or /lib/modules to mutate");
        }

        var bytes = File.ReadAllBytes(real);
        PropertyCases.Run(PropertyCases.PerParser / 4, $"mutations of {Path.GetFileName(real)}", random => ReadOrRefuse(Mutations.Bytes(bytes, random)));
    }

    private static void ReadOrRefuse(byte[] bytes)
    {
        try
        {
            var modinfo = ModinfoReader.Read(new MemoryStream(bytes, writable: false), "fuzz.ko");
            Assert.NotNull(modinfo);
        }
        catch (ModinfoException e)
        {
            Assert.StartsWith("fuzz.ko", e.Message, StringComparison.Ordinal);
        }
    }

    private static string? RealModule()
    {
        var root = Environment.GetEnvironmentVariable(RealModuleModinfoTests.ModulesVariable);
        root = string.IsNullOrEmpty(root) ? "/lib/modules" : root;
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.ko", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault()
            : null;
    }
}
