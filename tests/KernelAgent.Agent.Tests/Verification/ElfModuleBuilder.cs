using System.Buffers.Binary;
using System.Text;

namespace KernelAgent.Agent.Tests.Verification;

/// <summary>
/// Writes minimal ELF64 relocatable objects shaped like kernel modules (elf(5)): header, section contents,
/// a section name table and the section header table. Small enough to build in every test.
/// </summary>
internal sealed class ElfModuleBuilder
{
    public const ushort X86_64 = 62;
    public const ushort AArch64 = 183;

    private readonly List<(string Name, byte[] Contents)> _sections = [(".text", [0xc3])];

    public ushort Machine { get; init; } = X86_64;

    public byte Class { get; init; } = 2;

    public byte Data { get; init; } = 1;

    public ushort Type { get; init; } = 1;

    /// <summary>.modinfo contents as the kernel lays them out: NUL-terminated strings, here with padding.</summary>
    public static byte[] ModinfoSection(params string[] entries)
    {
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(entry).Append('\0');
        }

        return Encoding.UTF8.GetBytes(text.Append("\0\0\0").ToString());
    }

    public ElfModuleBuilder WithSection(string name, byte[] contents)
    {
        _sections.Add((name, contents));
        return this;
    }

    public ElfModuleBuilder WithModinfo(params string[] entries) => WithSection(".modinfo", ModinfoSection(entries));

    public byte[] Build()
    {
        var names = new MemoryStream();
        names.WriteByte(0);
        var all = new List<(string Name, byte[] Contents, uint NameOffset)>();
        foreach (var (name, contents) in _sections.Append((".shstrtab", [])))
        {
            all.Add((name, contents, (uint)names.Length));
            names.Write(Encoding.ASCII.GetBytes(name + "\0"));
        }

        all[^1] = (all[^1].Name, names.ToArray(), all[^1].NameOffset);

        var file = new MemoryStream();
        file.Write(new byte[64]);
        var offsets = new List<long>();
        foreach (var section in all)
        {
            offsets.Add(file.Length);
            file.Write(section.Contents);
        }

        while (file.Length % 8 != 0)
        {
            file.WriteByte(0);
        }

        var tableOffset = file.Length;
        file.Write(new byte[64]);  // section 0: SHT_NULL
        for (var i = 0; i < all.Count; i++)
        {
            var entry = new byte[64];
            BinaryPrimitives.WriteUInt32LittleEndian(entry, all[i].NameOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), i == all.Count - 1 ? 3u : 1u);  // STRTAB : PROGBITS
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(24), (ulong)offsets[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(32), (ulong)all[i].Contents.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(48), 1);
            file.Write(entry);
        }

        var bytes = file.ToArray();
        WriteHeader(bytes, (ulong)tableOffset, (ushort)(all.Count + 1));
        return bytes;
    }

    private void WriteHeader(Span<byte> bytes, ulong tableOffset, ushort sectionCount)
    {
        bytes[0] = 0x7f;
        "ELF"u8.CopyTo(bytes[1..]);
        bytes[4] = Class;
        bytes[5] = Data;
        bytes[6] = 1;  // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[16..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[18..], Machine);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[40..], tableOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[58..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[60..], sectionCount);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[62..], (ushort)(sectionCount - 1));
    }
}
