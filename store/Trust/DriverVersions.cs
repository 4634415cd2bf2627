using System.Buffers;

namespace KernelAgent.Store.Trust;

/// <summary>
/// Orders driver versions as <c>dpkg --compare-versions</c> does (deb-version(7)), which is also how DKMS packages'
/// versions are ordered by the distributions that ship them: an optional <c>epoch:</c> (a number) first, then the
/// upstream part, then the revision after the last '-'. Upstream and revision are compared in runs: a run of
/// non-digits character by character, where '~' sorts before everything (even the end, so 1.0~rc1 &lt; 1.0),
/// letters before every other character, and the end of the string before any letter; then a run of digits
/// numerically (leading zeros ignored). So 1.2 &lt; 1.10, 1.0 = 1.0-0 = 0:1.0, 1.0 &lt; 1.0a &lt; 1.0+b &lt; 1.0.1.
/// </summary>
public static class DriverVersions
{
    public const int MaxLength = 64;

    /// <summary>What a driver version may hold (the variant's driver version field, plus an epoch's ':').</summary>
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+~:");

    /// <summary>Why <paramref name="version"/> cannot be compared, or null when it can.</summary>
    public static string? Problem(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return "the version is empty";
        }

        if (version.Length > MaxLength)
        {
            return $"the version is longer than {MaxLength} characters";
        }

        var bad = version.AsSpan().IndexOfAnyExcept(Allowed);
        if (bad >= 0)
        {
            return $"character {(char.IsControl(version[bad]) ? $"U+{(int)version[bad]:X4}" : $"'{version[bad]}'")} at position {bad} is not allowed " +
                "(letters, digits, '.', '_', '-', '+', '~' and an epoch's ':')";
        }

        var colon = version.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var epoch = version.AsSpan(0, colon);
            if (epoch.Length is 0 or > 9 || epoch.IndexOfAnyExceptInRange('0', '9') >= 0)
            {
                return "the epoch (before ':') must be 1 to 9 digits";
            }

            if (version.IndexOf(':', colon + 1) >= 0)
            {
                return "the version has more than one ':'";
            }
        }

        var (_, upstream, revision) = Split(version);
        return upstream.Length == 0 ? "the upstream part is empty"
            : revision.Length == 0 && version.EndsWith('-') ? "the revision after the last '-' is empty"
            : null;
    }

    /// <summary>Negative when <paramref name="a"/> is lower, zero when equal, positive when higher.</summary>
    /// <exception cref="ArgumentException">A version is not valid (<see cref="Problem"/>).</exception>
    public static int Compare(string a, string b)
    {
        foreach (var (name, value) in new[] { (nameof(a), a), (nameof(b), b) })
        {
            if (Problem(value) is { } problem)
            {
                throw new ArgumentException($"'{value}': {problem}", name);
            }
        }

        var x = Split(a);
        var y = Split(b);
        var epochs = x.Epoch.CompareTo(y.Epoch);
        if (epochs != 0)
        {
            return epochs;
        }

        var upstream = CompareParts(x.Upstream, y.Upstream);
        return upstream != 0 ? upstream : CompareParts(x.Revision, y.Revision);
    }

    private static (long Epoch, string Upstream, string Revision) Split(string version)
    {
        var colon = version.IndexOf(':', StringComparison.Ordinal);
        var epoch = colon > 0 ? long.Parse(version.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture) : 0;
        var rest = colon >= 0 ? version[(colon + 1)..] : version;
        var dash = rest.LastIndexOf('-');
        return dash >= 0 ? (epoch, rest[..dash], rest[(dash + 1)..]) : (epoch, rest, string.Empty);
    }

    private static int CompareParts(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var order = Order(a, i) - Order(b, j);
                if (order != 0)
                {
                    return order;
                }

                i++;
                j++;
            }

            while (i < a.Length && a[i] == '0')
            {
                i++;
            }

            while (j < b.Length && b[j] == '0')
            {
                j++;
            }

            var firstDifference = 0;
            while (i < a.Length && j < b.Length && char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                if (firstDifference == 0)
                {
                    firstDifference = a[i] - b[j];
                }

                i++;
                j++;
            }

            if (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                return 1;
            }

            if (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                return -1;
            }

            if (firstDifference != 0)
            {
                return firstDifference;
            }
        }

        return 0;
    }

    // The weight of one non-digit position: the end and digits 0, '~' below the end, letters by their code, anything else above letters.
    private static int Order(string s, int index)
    {
        if (index >= s.Length)
        {
            return 0;
        }

        var c = s[index];
        return char.IsAsciiDigit(c) ? 0 : char.IsAsciiLetter(c) ? c : c == '~' ? -1 : c + 256;
    }
}
