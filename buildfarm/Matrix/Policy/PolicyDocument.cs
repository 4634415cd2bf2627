using System.Text.Json;
using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Matrix.Policy;

/// <summary>
/// Reads one JSON object of a policy file while collecting problems instead of stopping at the first: unknown
/// and repeated keys, missing keys, wrong types and values out of range, each under its JSON path.
/// </summary>
internal sealed class PolicyDocument
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _errors;

    private PolicyDocument(string path, List<string> errors)
    {
        Path = path;
        _errors = errors;
    }

    public string Path { get; }

    /// <summary>The object at <paramref name="path"/>; null (with the problem recorded) when the element is not an object.</summary>
    public static PolicyDocument? Open(JsonElement element, string path, IReadOnlyCollection<string> knownKeys, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be an object, not {Describe(element)}");
            return null;
        }

        var document = new PolicyDocument(path, errors);
        foreach (var property in element.EnumerateObject())
        {
            if (!knownKeys.Contains(property.Name))
            {
                errors.Add($"{path}.{property.Name}: unknown key (known: {string.Join(", ", knownKeys)})");
            }
            else if (!document._fields.TryAdd(property.Name, property.Value))
            {
                errors.Add($"{path}.{property.Name}: appears more than once");
            }
        }

        return document;
    }

    public JsonElement? Field(string key, bool required)
    {
        if (_fields.TryGetValue(key, out var value))
        {
            return value;
        }

        if (required)
        {
            _errors.Add($"{Path}.{key}: is required");
        }

        return null;
    }

    public string? String(string key, Regex pattern, string patternText, bool required = true)
    {
        if (Field(key, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add($"{Path}.{key}: must be a string, not {Describe(value)}");
            return null;
        }

        var text = value.GetString()!;
        if (!pattern.IsMatch(text))
        {
            _errors.Add($"{Path}.{key}: '{text}' is not {patternText}");
            return null;
        }

        return text;
    }

    /// <summary>A non-empty array of distinct strings, each matching <paramref name="pattern"/> and, when given, one of <paramref name="allowed"/>.</summary>
    public IReadOnlyList<string>? Strings(string key, bool required, Regex pattern, string patternText, IReadOnlyCollection<string>? allowed = null)
    {
        if (Field(key, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            _errors.Add($"{Path}.{key}: must be a non-empty array of strings, not {Describe(value)}");
            return null;
        }

        var result = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var where = $"{Path}.{key}[{index++}]";
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (text is null)
            {
                _errors.Add($"{where}: must be a string, not {Describe(item)}");
            }
            else if (!pattern.IsMatch(text))
            {
                _errors.Add($"{where}: '{text}' is not {patternText}");
            }
            else if (allowed is not null && !allowed.Contains(text))
            {
                _errors.Add($"{where}: '{text}' is not one of {string.Join(", ", allowed)}");
            }
            else if (result.Contains(text))
            {
                _errors.Add($"{where}: '{text}' is listed twice");
            }
            else
            {
                result.Add(text);
            }
        }

        return result;
    }

    public int Integer(string key, int minimum, int maximum, int? fallback)
    {
        if (Field(key, fallback is null) is not { } value)
        {
            return fallback ?? 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < minimum || number > maximum)
        {
            _errors.Add($"{Path}.{key}: must be a whole number from {minimum} to {maximum}, not {Describe(value)}");
            return fallback ?? minimum;
        }

        return number;
    }

    public bool Boolean(string key, bool fallback)
    {
        if (Field(key, required: false) is not { } value)
        {
            return fallback;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            _errors.Add($"{Path}.{key}: must be true or false, not {Describe(value)}");
            return fallback;
        }

        return value.GetBoolean();
    }

    public IEnumerable<(JsonElement Element, string Path)> Array(string key, bool required)
    {
        if (Field(key, required) is not { } value)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            _errors.Add($"{Path}.{key}: must be a non-empty array, not {Describe(value)}");
            return [];
        }

        return value.EnumerateArray().Select((element, i) => (element, $"{Path}.{key}[{i}]")).ToList();
    }

    public void Error(string key, string problem) => _errors.Add($"{Path}.{key}: {problem}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string '{value.GetString()}'",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.Array => value.GetArrayLength() == 0 ? "an empty array" : "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };
}
