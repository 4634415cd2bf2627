using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace KernelAgent.Agent.Verification;

/// <summary>
/// Reads named sections of an ELF64 little-endian relocatable object, the format of a kernel module on
/// x86_64 and aarch64, reading only the headers and the sections asked for. Offsets and constants are
/// from elf(5) and the System V gABI.
/// </summary>
internal sealed class ElfSectionReader
{
    public const ushort MachineX86_64 = 62;    // EM_X86_64
    public const ushort MachineAArch64 = 183;  // EM_AARCH64

    private const int HeaderSize = 64;          // sizeof(Elf64_Ehdr)
    private const int SectionHeaderSize = 64;   // sizeof(Elf64_Shdr)
    private const byte Class64 = 2;             // ELFCLASS64
    private const byte DataLittleEndian = 1;    // ELFDATA2LSB
    private const ushort TypeRelocatable = 1;   // ET_REL: what a .ko is
    private const uint SectionNoBits = 8;       // SHT_NOBITS: occupies no file space
    private const ushort IndexExtended = 0xffff;  // SHN_XINDEX: real index in section 0's sh_link
    private const long MaxSectionSize = 64L * 1024 * 1024;

    private static readonly byte[] s_elfMagic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    private readonly Stream _stream;
    private readonly string _source;
    private readonly Section[] _sections;
    private readonly int _namesIndex;

    private ElfSectionReader(Stream stream, string source, string architecture, Section[] sections, int namesIndex)
    {
        _stream = stream;
        _source = source;
        Architecture = architecture;
        _sections = sections;
        _namesIndex = namesIndex;
    }

    /// <summary>The machine the object is for, named as <c>uname -m</c> names it (x86_64, aarch64).</summary>
    public string Architecture { get; }

    /// <param name="stream">A seekable stream positioned anywhere; the reader seeks as it needs.</param>
    /// <param name="source">Names the file in error messages.</param>
    /// <exception cref="ModinfoException">Not an ELF64 little-endian relocatable object, or truncated.</exception>
    public static ElfSectionReader Open(Stream stream, string source)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        var headerLength = ReadAt(stream, 0, header);
        ValidateIdentification(header[..headerLength], source);

        var machine = BinaryPrimitives.ReadUInt16LittleEndian(header[18..]);
        var architecture = machine switch
        {
            MachineX86_64 => "x86_64",
            MachineAArch64 => "aarch64",
            _ => throw new ModinfoException(
                $"{source}: ELF machine {machine} is not supported; kernel-agent reads x86_64 (62) and aarch64 (183) modules."),
        };
        var type = BinaryPrimitives.ReadUInt16LittleEndian(header[16..]);
        if (type != TypeRelocatable)
        {
            throw new ModinfoException($"{source}: ELF type {type} is not a relocatable object (1); a kernel module is one.");
        }

        var tableOffset = BinaryPrimitives.ReadUInt64LittleEndian(header[40..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[58..]);
        uint count = BinaryPrimitives.ReadUInt16LittleEndian(header[60..]);
        uint namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(header[62..]);
        if (tableOffset == 0 || entrySize != SectionHeaderSize)
        {
            throw new ModinfoException(
                $"{source}: no usable section header table (offset {tableOffset}, entry size {entrySize}).");
        }

        var first = ReadSectionHeader(stream, source, tableOffset, 0);
        count = count == 0 ? (uint)Math.Min(first.Size, uint.MaxValue) : count;  // more than 0xff00 sections
        namesIndex = namesIndex == IndexExtended ? first.Link : namesIndex;
        if ((ulong)count * SectionHeaderSize > (ulong)stream.Length || namesIndex >= count)
        {
            throw new ModinfoException(
                $"{source}: truncated or corrupt: {count} section headers at offset {tableOffset}, names in section " +
                $"{namesIndex}, file length {stream.Length}.");
        }

        var sections = new Section[count];
        for (var i = 0u; i < count; i++)
        {
            sections[i] = ReadSectionHeader(stream, source, tableOffset, i);
        }

        return new ElfSectionReader(stream, source, architecture, sections, (int)namesIndex);
    }

    /// <summary>The contents of the first section called <paramref name="name"/>; null when there is none.</summary>
    public byte[]? ReadSection(string name)
    {
        var names = ReadContents(_namesIndex);
        var wanted = Encoding.ASCII.GetBytes(name + "\0");
        for (var i = 0; i < _sections.Length; i++)
        {
            var nameOffset = _sections[i].NameOffset;
            if (nameOffset < names.Length && names.AsSpan((int)nameOffset).StartsWith(wanted))
            {
                return ReadContents(i);
            }
        }

        return null;
    }

    private byte[] ReadContents(int index)
    {
        var section = _sections[index];
        if (section.Type == SectionNoBits)
        {
            return [];
        }

        // Compared without adding offset and size: a corrupt header's sum can wrap past 2^64 and look small.
        var length = (ulong)_stream.Length;
        if (section.Size > MaxSectionSize || section.Offset > length || section.Size > length - section.Offset)
        {
            throw new ModinfoException(
                $"{_source}: truncated: section {index.ToString(CultureInfo.InvariantCulture)} claims {section.Size} bytes " +
                $"at offset {section.Offset}, file length {_stream.Length}.");
        }

        var contents = new byte[section.Size];
        if (ReadAt(_stream, (long)section.Offset, contents) != contents.Length)
        {
            throw new ModinfoException($"{_source}: truncated while reading section {index}.");
        }

        return contents;
    }

    private static Section ReadSectionHeader(Stream stream, string source, ulong tableOffset, uint index)
    {
        Span<byte> entry = stackalloc byte[SectionHeaderSize];
        var offset = tableOffset + ((ulong)index * SectionHeaderSize);
        if (tableOffset > (ulong)stream.Length || offset > (ulong)stream.Length || offset < tableOffset
            || ReadAt(stream, (long)offset, entry) != SectionHeaderSize)
        {
            throw new ModinfoException(
                $"{source}: truncated: section header {index} at offset {offset} is past the end ({stream.Length} bytes).");
        }

        return new Section(
            NameOffset: BinaryPrimitives.ReadUInt32LittleEndian(entry),
            Type: BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]),
            Offset: BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]),
            Size: BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]),
            Link: BinaryPrimitives.ReadUInt32LittleEndian(entry[40..]));
    }

    private static void ValidateIdentification(ReadOnlySpan<byte> header, string source)
    {
        if (!header.StartsWith(s_elfMagic))
        {
            var compression = header switch
            {
                [0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00, ..] => "xz",
                [0x28, 0xb5, 0x2f, 0xfd, ..] => "zstd",
                [0x1f, 0x8b, ..] => "gzip",
                _ => null,
            };
            throw new ModinfoException(compression is null
                ? $"{source}: not an ELF file (it does not start with 0x7f 'E' 'L' 'F')."
                : $"{source}: a {compression}-compressed module; decompress it (.ko) before reading .modinfo.");
        }

        if (header.Length < HeaderSize)
        {
            throw new ModinfoException($"{source}: truncated: {header.Length} bytes, shorter than an ELF64 header ({HeaderSize}).");
        }

        if (header[4] != Class64)
        {
            throw new ModinfoException(
                $"{source}: ELF class {header[4]} is not supported; kernel-agent reads ELF64 (2) modules only, not ELF32.");
        }

        if (header[5] != DataLittleEndian)
        {
            throw new ModinfoException($"{source}: ELF data encoding {header[5]} is not little-endian (1).");
        }
    }

    private static int ReadAt(Stream stream, long offset, Span<byte> buffer)
    {
        stream.Position = offset;
        return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
    }

    private readonly record struct Section(uint NameOffset, uint Type, ulong Offset, ulong Size, uint Link);
}
