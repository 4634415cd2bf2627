using CsCheck;
using KernelAgent.Agent.Tests.TestSupport;
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
    public void Read_RandomBytes_RefusesWithModinfoExceptionOnly()
    {
        var count = 0;
        Gen.Byte.Array[0, 256].Sample(bytes =>
        {
            Interlocked.Increment(ref count);
            ReadOrRefuse(bytes);
        }, iter: PropertyCases.PerParser);
        PropertyCases.Report(count, "random byte strings");
    }

    [Fact]
    public void Read_MutationsOfABuiltModule_RefuseWithModinfoExceptionOnly()
    {
        var count = 0;
        Gen.Int.Sample(seed =>
        {
            Interlocked.Increment(ref count);
            ReadOrRefuse(Mutations.Bytes(Built, new Random(seed)));
        }, iter: PropertyCases.PerParser);
        PropertyCases.Report(count, "mutations of a built module");
    }

    [Fact]
    public void Read_MutationsOfARealModule_RefuseWithModinfoExceptionOnly()
    {
        var real = RealModule();
        if (real is null)
        {
            Assert.Skip($"no *.ko under {RealModuleModinfoTests.ModulesVariable} or /lib/modules to mutate");
        }

        var bytes = File.ReadAllBytes(real);
        var count = 0;
        Gen.Int.Sample(seed =>
        {
            Interlocked.Increment(ref count);
            ReadOrRefuse(Mutations.Bytes(bytes, new Random(seed)));
        }, iter: PropertyCases.PerParser / 4);
        PropertyCases.Report(count, $"mutations of {Path.GetFileName(real)}");
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
