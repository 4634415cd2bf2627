using System.Buffers.Binary;
using System.Text;

namespace KernelAgent.Agent.Tests.Loading;

/// <summary>
/// The smallest ELF64 relocatable file depmod reads without complaint: a null section, <c>.modinfo</c> and
/// <c>.shstrtab</c> (the layout of elf(5)). Enough for depmod to index it; never loadable.
/// </summary>
internal static class MinimalModuleElf
{
    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;

    public static byte[] Build(string modinfo)
    {
        var info = Encoding.ASCII.GetBytes(modinfo.Replace('\n', '\0') + "\0");
        var names = "\0.modinfo\0.shstrtab\0"u8.ToArray();
        var infoOffset = HeaderSize;
        var namesOffset = infoOffset + info.Length;
        var sectionsOffset = (namesOffset + names.Length + 7) & ~7;
        var file = new byte[sectionsOffset + (3 * SectionHeaderSize)];

        "\u007fELF"u8.CopyTo(file);
        file[4] = 2; // ELFCLASS64
        file[5] = 1; // ELFDATA2LSB
        file[6] = 1; // EV_CURRENT
        var header = file.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(header[16..], 1); // ET_REL
        BinaryPrimitives.WriteUInt16LittleEndian(header[18..], 62); // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1); // EV_CURRENT
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], (ulong)sectionsOffset); // e_shoff
        BinaryPrimitives.WriteUInt16LittleEndian(header[52..], HeaderSize); // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(header[58..], SectionHeaderSize); // e_shentsize
        BinaryPrimitives.WriteUInt16LittleEndian(header[60..], 3); // e_shnum
        BinaryPrimitives.WriteUInt16LittleEndian(header[62..], 2); // e_shstrndx

        info.CopyTo(file, infoOffset);
        names.CopyTo(file, namesOffset);
        WriteSection(file, sectionsOffset + SectionHeaderSize, nameOffset: 1, type: 1, flags: 2, infoOffset, info.Length); // PROGBITS, SHF_ALLOC
        WriteSection(file, sectionsOffset + (2 * SectionHeaderSize), nameOffset: 10, type: 3, flags: 0, namesOffset, names.Length); // STRTAB
        return file;
    }

    private static void WriteSection(byte[] file, int at, uint nameOffset, uint type, ulong flags, int offset, int size)
    {
        var section = file.AsSpan(at, SectionHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(section, nameOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(section[4..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(section[8..], flags);
        BinaryPrimitives.WriteUInt64LittleEndian(section[24..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(section[32..], (ulong)size);
        BinaryPrimitives.WriteUInt64LittleEndian(section[48..], 1); // sh_addralign
    }
}
