using System.Runtime.InteropServices;

namespace KernelAgent.Store.Backends.FileSystem;

/// <summary>The one libc call .NET does not expose with the semantics we need.</summary>
internal static partial class LibC
{
    /// <summary>EEXIST from errno-base.h: newpath already exists.</summary>
    public const int EEXIST = 17;

    /// <summary>
    /// link(2): creates <paramref name="newPath"/> as a second name of an existing file, failing with EEXIST
    /// when the name is taken. That failure is atomic, which makes it a race-free "create if absent".
    /// </summary>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string oldPath, string newPath);
}
