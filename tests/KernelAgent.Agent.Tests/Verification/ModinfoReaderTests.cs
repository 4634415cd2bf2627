using KernelAgent.Agent.Verification;

namespace KernelAgent.Agent.Tests.Verification;

public sealed class ModinfoReaderTests
{
    private const string Vermagic = "6.1.0-56-amd64 SMP preempt mod_unload modversions ";

    private static readonly string[] s_entries =
    [
        "version=1.4.2",
        "license=GPL",
        "description=sample driver",
        "parm=debug:enable debug output (int)",
        "parmtype=debug:int",
        "parm=mode:operating mode (charp)",
        "srcversion=8C2D5E0A1B3F4C6D7E8F901",
        "depends=libcrc32c,nf_conntrack",
        "retpoline=Y",
        "name=kagent_sample",
        "vermagic=" + Vermagic,
    ];

    [Fact]
    public void Read_X86Module_ParsesEveryEntryInFileOrder()
    {
        var modinfo = Read(new ElfModuleBuilder().WithModinfo(s_entries).Build());

        Assert.Equal("x86_64", modinfo.Architecture);
        Assert.Equal(s_entries, modinfo.Entries.Select(entry => $"{entry.Key}={entry.Value}"));
        Assert.Equal("kagent_sample", modinfo.Name);
        Assert.Equal("1.4.2", modinfo.Version);
        Assert.Equal("8C2D5E0A1B3F4C6D7E8F901", modinfo.SourceVersion);
        Assert.Equal("GPL", modinfo.License);
        Assert.Equal(["libcrc32c", "nf_conntrack"], modinfo.Depends);
        Assert.Equal(["debug:enable debug output (int)", "mode:operating mode (charp)"], modinfo.Parameters);
    }

    [Fact]
    public void Read_Vermagic_KeepsTheRawStringWithItsTrailingSpace()
    {
        var modinfo = Read(new ElfModuleBuilder().WithModinfo(s_entries).Build());

        Assert.Equal(Vermagic, modinfo.Vermagic?.Raw);
        Assert.Equal("6.1.0-56-amd64", modinfo.Vermagic?.Release);
    }

    [Fact]
    public void Read_AArch64Module_ReportsAarch64()
    {
        var module = new ElfModuleBuilder { Machine = ElfModuleBuilder.AArch64 }
            .WithModinfo("vermagic=6.1.0-56-arm64 SMP preempt mod_unload modversions aarch64", "name=kagent_sample")
            .Build();

        var modinfo = Read(module);

        Assert.Equal("aarch64", modinfo.Architecture);
        Assert.Equal("6.1.0-56-arm64", modinfo.Vermagic?.Release);
    }

    [Fact]
    public void Read_EmptyDependsAndNoVersion_GiveEmptyListAndNull()
    {
        var modinfo = Read(new ElfModuleBuilder().WithModinfo("depends=", "name=x").Build());

        Assert.Empty(modinfo.Depends);
        Assert.Null(modinfo.Version);
        Assert.Null(modinfo.Vermagic);
    }

    [Fact]
    public void Read_ModinfoNotTheFirstSection_IsFoundByName()
    {
        var module = new ElfModuleBuilder()
            .WithSection(".modinfo.fake", ElfModuleBuilder.ModinfoSection("name=wrong"))
            .WithSection(".data", [1, 2, 3])
            .WithModinfo("name=right")
            .Build();

        Assert.Equal("right", Read(module).Name);
    }

    [Fact]
    public void Read_NoModinfoSection_SaysItIsNotAKernelModule()
    {
        var error = ReadFails(new ElfModuleBuilder().WithSection(".data", [1]).Build());

        Assert.Contains("no .modinfo section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotElf_SaysSo()
    {
        var error = ReadFails("#!/bin/sh\necho not a module\n"u8.ToArray());

        Assert.Contains("not an ELF file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_SaysItIsNotElf() =>
        Assert.Contains("not an ELF file", ReadFails([]).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(new byte[] { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00 }, "xz-compressed")]
    [InlineData(new byte[] { 0x28, 0xb5, 0x2f, 0xfd, 0x00 }, "zstd-compressed")]
    [InlineData(new byte[] { 0x1f, 0x8b, 0x08, 0x00 }, "gzip-compressed")]
    public void Read_CompressedModule_SaysToDecompressFirst(byte[] start, string expected) =>
        Assert.Contains(expected, ReadFails(start).Message, StringComparison.Ordinal);

    [Fact]
    public void Read_Elf32_IsRejectedClearly()
    {
        var error = ReadFails(new ElfModuleBuilder { Class = 1 }.WithModinfo("name=x").Build());

        Assert.Contains("ELF64 (2) modules only, not ELF32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BigEndian_IsRejected()
    {
        var error = ReadFails(new ElfModuleBuilder { Data = 2 }.WithModinfo("name=x").Build());

        Assert.Contains("not little-endian", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OtherMachine_NamesTheMachineNumber()
    {
        var error = ReadFails(new ElfModuleBuilder { Machine = 40 }.WithModinfo("name=x").Build());

        Assert.Contains("ELF machine 40 is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExecutableNotRelocatable_IsRejected()
    {
        var error = ReadFails(new ElfModuleBuilder { Type = 2 }.WithModinfo("name=x").Build());

        Assert.Contains("not a relocatable object", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(100)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Read_TruncatedFile_FailsWithModinfoException(double keep)
    {
        var module = new ElfModuleBuilder().WithModinfo(s_entries).Build();
        var length = keep < 1 ? (int)(module.Length * keep) : (int)keep;

        var error = ReadFails(module[..length]);

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SectionSizePastTheEnd_SaysTruncated()
    {
        var module = new ElfModuleBuilder().WithModinfo(s_entries).Build();
        // Headers: null, .text, .modinfo, .shstrtab, the table last in the file; sh_size is at byte 32.
        var modinfoSize = module.AsSpan(module.Length - (2 * 64) + 32);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(modinfoSize, 1_000_000);

        var error = ReadFails(module);

        Assert.Contains("truncated: section 2 claims 1000000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FilePath_ReadsTheFileAndNamesItInErrors()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new ElfModuleBuilder().WithModinfo(s_entries).Build());
            Assert.Equal("kagent_sample", new ModinfoReader().Read(path).Name);

            File.WriteAllBytes(path, "not elf"u8.ToArray());
            var error = Assert.Throws<ModinfoException>(() => new ModinfoReader().Read(path));
            Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_MissingFile_ThrowsModinfoExceptionNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "ka-no-such-module-" + Guid.NewGuid().ToString("N") + ".ko");

        var error = Assert.Throws<ModinfoException>(() => new ModinfoReader().Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static Modinfo Read(byte[] module) => ModinfoReader.Read(new MemoryStream(module), "test.ko");

    private static ModinfoException ReadFails(byte[] module) =>
        Assert.Throws<ModinfoException>(() => ModinfoReader.Read(new MemoryStream(module), "test.ko"));
}
