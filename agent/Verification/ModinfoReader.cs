using System.Text;

namespace KernelAgent.Agent.Verification;

/// <summary>
/// Parses <c>.modinfo</c>: NUL-terminated <c>key=value</c> strings, possibly with NUL padding between them
/// (the kernel's MODULE_INFO() places each as its own string in the section).
/// </summary>
internal sealed class ModinfoReader : IModinfoReader
{
    private const string SectionName = ".modinfo";

    public Modinfo Read(string modulePath)
    {
        try
        {
            using var stream = new FileStream(modulePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            return Read(stream, modulePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModinfoException($"{modulePath}: cannot read the module file: {e.Message}", e);
        }
    }

    /// <param name="stream">A seekable stream holding the module.</param>
    /// <param name="source">Names the module in error messages.</param>
    public static Modinfo Read(Stream stream, string source)
    {
        var elf = ElfSectionReader.Open(stream, source);
        var contents = elf.ReadSection(SectionName)
            ?? throw new ModinfoException($"{source}: no {SectionName} section; not a kernel module.");
        return new Modinfo(elf.Architecture, ParseEntries(contents));
    }

    internal static IReadOnlyList<KeyValuePair<string, string>> ParseEntries(ReadOnlySpan<byte> contents)
    {
        var entries = new List<KeyValuePair<string, string>>();
        foreach (var range in contents.Split((byte)0))
        {
            var entry = contents[range];
            var separator = entry.IndexOf((byte)'=');
            // Padding yields empty strings; a string without '=' is no entry modinfo(8) would show either.
            if (separator > 0)
            {
                entries.Add(new(
                    Encoding.UTF8.GetString(entry[..separator]),
                    Encoding.UTF8.GetString(entry[(separator + 1)..])));
            }
        }

        return entries;
    }
}
