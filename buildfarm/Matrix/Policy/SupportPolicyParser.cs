using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Policy;

/// <summary>
/// Parses and validates a support policy (docs/catalog-format.md, "Support policy"). Every problem is reported at
/// once, each under its JSON path; keys the format does not define are refused, so a misspelt key never silently
/// widens or narrows the matrix.
/// </summary>
internal static partial class SupportPolicyParser
{
    /// <summary>os-release IDs the farm has a header source for.</summary>
    public static readonly IReadOnlyList<string> KnownDistros = ["debian", "ubuntu", "rhel", "centos", "rocky", "almalinux", "ol", "amzn"];

    private static readonly IReadOnlyList<string> _arches = [KernelMachine.X8664, KernelMachine.Aarch64];
    private static readonly string[] _topKeys = ["format", "name", "targets", "drivers", "hotSet"];
    private static readonly string[] _targetKeys = ["distro", "versions", "arches", "flavours", "series", "window"];
    private static readonly string[] _windowKeys = ["newestAbis"];
    private static readonly string[] _driverKeys = ["name", "version"];
    private static readonly string[] _hotSetKeys = ["enabled", "maxAgeDays", "minHosts", "maxEntries"];

    /// <exception cref="PolicyValidationException">The file is missing, not JSON, or not a valid policy.</exception>
    public static SupportPolicy Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyValidationException($"'{path}'", [$"cannot be read: {e.Message}"]);
        }

        return Parse(text, $"'{path}'");
    }

    /// <exception cref="PolicyValidationException">Not JSON, or not a valid policy.</exception>
    public static SupportPolicy Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new PolicyValidationException(source, [$"$: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}"]);
        }

        using (document)
        {
            var errors = new List<string>();
            var policy = Read(document.RootElement, errors);
            return errors.Count == 0 && policy is not null ? policy : throw new PolicyValidationException(source, errors);
        }
    }

    internal static string ToCanonicalJson(SupportPolicy policy)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", SupportPolicy.Format);
            json.WriteString("name", policy.Name);
            json.WriteStartArray("targets");
            foreach (var target in policy.Targets)
            {
                json.WriteStartObject();
                json.WriteString("distro", target.Distro);
                WriteStrings(json, "versions", target.Versions);
                WriteStrings(json, "arches", target.Arches);
                WriteStrings(json, "flavours", target.Flavours);
                WriteStrings(json, "series", target.Series);
                json.WriteStartObject("window");
                json.WriteNumber("newestAbis", target.NewestAbis);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("drivers");
            foreach (var driver in policy.Drivers)
            {
                json.WriteStartObject();
                json.WriteString("name", driver.Name);
                json.WriteString("version", driver.Version);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("hotSet");
            json.WriteBoolean("enabled", policy.HotSet.Enabled);
            json.WriteNumber("maxAgeDays", policy.HotSet.MaxAgeDays);
            json.WriteNumber("minHosts", policy.HotSet.MinHosts);
            json.WriteNumber("maxEntries", policy.HotSet.MaxEntries);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static SupportPolicy? Read(JsonElement root, List<string> errors)
    {
        var top = PolicyDocument.Open(root, "$", _topKeys, errors);
        if (top is null)
        {
            return null;
        }

        var format = top.String("format", FormatPattern(), $"\"{SupportPolicy.Format}\"");
        var name = top.String("name", NamePattern(), "a policy name (lower-case letters, digits, '.', '_' or '-', at most 64, starting with a letter or digit)");
        var targets = top.Array("targets", required: true).Select(t => ReadTarget(t.Element, t.Path, errors)).ToList();
        var drivers = top.Array("drivers", required: true).Select(d => ReadDriver(d.Element, d.Path, errors)).ToList();
        foreach (var repeated in drivers.OfType<DriverIdentity>().GroupBy(d => d.Name).Where(g => g.Count() > 1))
        {
            top.Error("drivers", $"driver '{repeated.Key}' is listed {repeated.Count()} times; a matrix builds one version of each driver");
        }

        var hotSet = top.Field("hotSet", required: false) is { } hot ? ReadHotSet(hot, errors) : HotSetPolicy.Default;
        return format is null || name is null || targets.Any(t => t is null) || drivers.Any(d => d is null) || hotSet is null
            ? null
            : new SupportPolicy(name, targets!, drivers!, hotSet);
    }

    private static PolicyTarget? ReadTarget(JsonElement element, string path, List<string> errors)
    {
        var target = PolicyDocument.Open(element, path, _targetKeys, errors);
        if (target is null)
        {
            return null;
        }

        var distro = target.Field("distro", required: true) is { } d && d.ValueKind == JsonValueKind.String && KnownDistros.Contains(d.GetString()!)
            ? d.GetString()
            : null;
        if (distro is null && target.Field("distro", required: false) is { } bad)
        {
            target.Error("distro", $"{bad.GetRawText()} is not a distribution the farm builds for ({string.Join(", ", KnownDistros)})");
        }

        var versions = target.Strings("versions", required: true, TokenPattern(), "an os-release VERSION_ID");
        var arches = target.Strings("arches", required: true, TokenPattern(), "an architecture", _arches);
        var flavours = target.Strings("flavours", required: false, TokenPattern(), "a kernel flavour");
        var series = target.Strings("series", required: false, SeriesPattern(), "a kernel series such as \"6.1\"");
        int? newest = null;
        if (target.Field("window", required: true) is { } windowElement && PolicyDocument.Open(windowElement, path + ".window", _windowKeys, errors) is { } window)
        {
            newest = window.Integer("newestAbis", 1, 10_000, fallback: null);
        }

        return distro is null || versions is null || arches is null || newest is null || errors.Count > 0
            ? null
            : new PolicyTarget(distro, versions, arches, flavours, series, newest.Value);
    }

    private static DriverIdentity? ReadDriver(JsonElement element, string path, List<string> errors)
    {
        var driver = PolicyDocument.Open(element, path, _driverKeys, errors);
        var name = driver?.String("name", DriverNamePattern(), "a driver name (lower-case letters, digits, '_' or '-', at most 64)");
        var version = driver?.String("version", DriverVersionPattern(), "a driver version (letters, digits, '.', '_', '-', '+' or '~', at most 64)");
        return name is null || version is null ? null : new DriverIdentity(name, version);
    }

    private static HotSetPolicy? ReadHotSet(JsonElement element, List<string> errors)
    {
        var hot = PolicyDocument.Open(element, "$.hotSet", _hotSetKeys, errors);
        var fallback = HotSetPolicy.Default;
        return hot is null
            ? null
            : new HotSetPolicy(
                hot.Boolean("enabled", fallback.Enabled),
                hot.Integer("maxAgeDays", 1, 366, fallback.MaxAgeDays),
                hot.Integer("minHosts", 1, 1_000_000, fallback.MinHosts),
                hot.Integer("maxEntries", 0, 1_000_000, fallback.MaxEntries));
    }

    [GeneratedRegex(@"^kernelagent-policy/v1$", RegexOptions.CultureInvariant)]
    private static partial Regex FormatPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SeriesPattern();

    [GeneratedRegex(@"^[a-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex DriverNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9._+~-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex DriverVersionPattern();
}
