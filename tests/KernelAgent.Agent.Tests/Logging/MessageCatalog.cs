using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Tests.Logging;

/// <summary>
/// A journald message catalog of packaging/catalog (systemd catalog format), read directly and through
/// <c>journalctl --update-catalog</c>, and the event ids the code defines that it must explain.
/// </summary>
internal static partial class MessageCatalog
{
    /// <summary>packaging/catalog/<paramref name="fileName"/> above the test's folder.</summary>
    public static string Find(string fileName)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "packaging", "catalog", fileName);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"packaging/catalog/{fileName} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>The MESSAGE_IDs the file defines (its <c>-- &lt;id&gt;</c> lines).</summary>
    public static IReadOnlySet<string> Ids(string path) =>
        File.ReadLines(path).Select(l => EntryHeader().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Compiles the catalog as a package installation does (<c>journalctl --root=&lt;temp&gt; --update-catalog</c>)
    /// and lists what journalctl then knows (<c>--list-catalog</c>): id and subject per entry.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> CompileAsync(string path, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("ka-catalog-");
        try
        {
            var folder = Path.Combine(root.FullName, "usr", "lib", "systemd", "catalog");
            Directory.CreateDirectory(folder);
            Directory.CreateDirectory(Path.Combine(root.FullName, "var", "lib", "systemd", "catalog"));
            File.Copy(path, Path.Combine(folder, Path.GetFileName(path)));
            var (updated, _, updateErrors) = await ExternalTool.RunAsync("journalctl", ["--root=" + root.FullName, "--update-catalog"], cancellationToken);
            Assert.True(updated == 0 && updateErrors.Length == 0, $"journalctl --update-catalog: exit {updated}: {updateErrors}");
            var (listed, output, listErrors) = await ExternalTool.RunAsync("journalctl", ["--root=" + root.FullName, "--list-catalog"], cancellationToken);
            Assert.True(listed == 0, $"journalctl --list-catalog: exit {listed}: {listErrors}");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ', 2))
                .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>The catalog has an entry for each of <paramref name="defined"/> (event id, MESSAGE_ID), and no other.</summary>
    public static void AssertMatches(string path, IEnumerable<(int EventId, string MessageId)> defined)
    {
        var ids = Ids(path);
        var definedList = defined.ToList();
        var missing = definedList.Where(d => !ids.Contains(d.MessageId)).Select(d => d.EventId).Order().ToList();
        Assert.True(missing.Count == 0,
            $"{path} has no entry for event id(s) {string.Join(", ", missing)}: add one per id " +
            "(\"-- <MESSAGE_ID>\", Subject, Defined-By, Support, the meaning and what to do).");
        var unknown = ids.Except(definedList.Select(d => d.MessageId)).ToList();
        Assert.True(unknown.Count == 0, $"{path} has entries for no event the code defines: {string.Join(", ", unknown)}");
    }

    /// <summary>journalctl compiles the catalog, lists every entry, and shows <paramref name="subject"/> for <paramref name="messageId"/>.</summary>
    public static async Task AssertCompilesAsync(string path, string messageId, string subject, CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/bin/journalctl") && !File.Exists("/bin/journalctl"))
        {
            MissingComponent.SkipOrFail("journalctl (Debian package systemd) is not installed");
        }

        var listed = await CompileAsync(path, cancellationToken);

        Assert.Equal(Ids(path).Order(), listed.Keys.Order());
        Assert.Equal(subject, listed[messageId]);
    }

    /// <summary>Every <c>[LoggerMessage]</c> event id declared in <paramref name="assemblies"/>.</summary>
    public static IReadOnlySet<int> LoggerMessageEventIds(params Assembly[] assemblies)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        return assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(All))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .Where(a => a is not null && a.EventId != 0)
            .Select(a => a!.EventId)
            .ToHashSet();
    }

    [GeneratedRegex("^-- ([0-9a-f]{32})$")]
    private static partial Regex EntryHeader();
}
